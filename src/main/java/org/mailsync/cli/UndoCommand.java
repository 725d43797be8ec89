package org.mailsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigEntry;
import org.mailsync.config.ConfigParser;
import org.mailsync.runtime.MailsyncRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailsync undo CHANNEL}: puts the messages the channel's last run deleted (moved to its
 * trashes) back where they were, with their flags and dates; the next sync copies them to the
 * other side again. Runs through the route set like every mode ({@code direct:undo}).
 */
@Command(name = "mailsync undo", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Puts the messages the channel's last sync deleted back into the folders they were",
                "deleted from, with their flags and dates. A sync moves what it deletes to a trash: the",
                "server's \\Trash folder, or for a local store a directory beside msinfo. The next sync",
                "copies the restored messages to the other store again.", ""},
        footer = {"", "Exit status: 0 all done; 1 configuration, usage or connection error;",
                "2 finished, but some messages could not be restored (see the errors above)."})
public class UndoCommand implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "CHANNEL", description = "the channel whose deletions to restore")
    String channel;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "the config file (default: ~/.mailsync)")
    Path configFile;

    @Option(names = "--since", paramLabel = "DATE",
            description = "restore the deletions of every run since DATE (2026-12-01, UTC, or 2026-12-01T18:00:00Z),"
                    + " not only the last run's")
    String since;

    @Option(names = {"-s", "--dry-run", "--simulate"}, description = "only list what would be restored; change nothing")
    boolean simulate;

    @Option(names = "-di", description = "IMAP protocol log (passwords are never shown)")
    boolean debugImap;

    /** {@code --json} and {@code -q}. */
    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    public UndoCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    @Override
    public Integer call() {
        try {
            Path file = configFile != null ? configFile.toAbsolutePath() : home.resolve(".mailsync");
            ConfigEntry entry = ConfigParser.parse(file, home).resolve(channel);
            if (!(entry instanceof ChannelConfig)) {
                throw new IllegalArgumentException("\"" + channel + "\" is a store; undo takes a channel");
            }
            MailsyncConfiguration options = new MailsyncConfiguration();
            options.setConfig(file.toString());
            options.setHome(home.toAbsolutePath().toString());
            options.setOperation("undo");
            options.setDryRun(simulate);
            options.setSince(since);
            options.setDebugProtocol(debugImap);
            options.setInteractive(true);
            options.setConsole(output.console(out, err));
            options.toRequest(null); // checks --since before anything is opened
            try (MailsyncRuntime runtime = MailsyncRuntime.start(null, home, options)) {
                return output.finish(runtime.request(MailsyncRuntime.uri(channel)), out);
            }
        } catch (Exception e) {
            Throwable cause = MailsyncRuntime.cause(e);
            return output.failure("undo", channel, cause, cause.getMessage() != null ? cause.getMessage() : cause.toString(), out,
                    err);
        }
    }
}
