package org.mailsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailsync.config.Schedule;
import org.mailsync.daemon.MailsyncDaemon;
import org.mailsync.daemon.cluster.ClusterOptions;
import org.mailsync.report.Console;
import org.mailsync.runtime.MailsyncRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mailsync daemon}: runs every channel that has a {@code schedule}, until stopped. */
@Command(name = "mailsync daemon", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs every channel of the config that has a `schedule` (e.g. 15m, or a Quartz cron",
                "expression), until SIGTERM or Ctrl-C; the folder pair in progress then finishes.", ""},
        footer = {"", "Exit status: 0 stopped; 1 configuration error, or a run did not finish in time when stopping."})
public class DaemonCommand implements Callable<Integer> {

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "the config file (default: ~/.mailsync)")
    Path configFile;

    @Option(names = "--routes", paramLabel = "DIR", description = "also run the *.camel.yaml route files of DIR")
    Path routesDir;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "serve /observe/health and /observe/metrics on this port (default: off)")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "the address to serve them on (default: ${DEFAULT-VALUE})")
    String httpHost;

    @Option(names = "--run-log", paramLabel = "FILE",
            description = "append a JSON line per run to FILE (default: ~/.mailsync-runs.jsonl)")
    Path runLog;

    @Option(names = "--cluster",
            description = "be one node of a cluster of daemons on the config's PostgreSQL `state`: each channel"
                    + " runs on one node at a time, and the others take over a node that dies")
    boolean cluster;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "with --cluster: channels this node runs at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--checkin", paramLabel = "DURATION", defaultValue = "5s",
            description = "with --cluster: how often the node tells the others it is alive; a node silent for this"
                    + " plus 7.5 s is taken as dead (default: ${DEFAULT-VALUE})")
    String checkin;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    public DaemonCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    /** The run log unless {@code --run-log} says otherwise, in the home directory. */
    static final String DEFAULT_RUN_LOG = ".mailsync-runs.jsonl";

    @Override
    public Integer call() {
        Path file = configFile != null ? configFile.toAbsolutePath() : home.resolve(".mailsync");
        Path log = runLog != null ? runLog.toAbsolutePath() : home.resolve(DEFAULT_RUN_LOG);
        ClusterOptions node = null;
        if (cluster) {
            long checkinMillis = Schedule.durationMillis(checkin);
            if (checkinMillis <= 0) {
                err.println("Error: --checkin takes a duration such as 5s or 1m, not \"" + checkin + "\"");
                return 1;
            }
            try {
                node = new ClusterOptions(threads, checkinMillis);
            } catch (IllegalArgumentException e) {
                err.println("Error: " + e.getMessage());
                return 1;
            }
        }
        return run(new MailsyncDaemon.Options(file, home, routesDir, httpPort, httpHost, log, new Console(out, err), null,
                node));
    }

    /**
     * Runs a daemon until it is stopped ({@code mailsync daemon}, {@code --schedule}); a failure
     * to start is one error line on the options' console.
     *
     * @return the exit code: 0 stopped, 1 not started or a run did not finish in time
     */
    static int run(MailsyncDaemon.Options options) {
        MailsyncDaemon daemon = new MailsyncDaemon(options);
        try {
            return daemon.run();
        } catch (Exception e) {
            options.console().err().println("Error: " + MailsyncRuntime.cause(e).getMessage());
            daemon.shutdown();
            return 1;
        }
    }
}
