package org.mailsync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.mailsync.assembly.RequestException;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigEntry;
import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.Schedule;
import org.mailsync.config.StoreConfig;
import org.mailsync.daemon.MailsyncDaemon;
import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.report.Console;
import org.mailsync.runtime.MailsyncRuntime;
import org.mailsync.store.StoreException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code mailsync} command line: the original's three modes and options, plus long forms
 * and our additions. Every mode runs through the route set in {@link MailsyncRuntime}.
 */
@Command(name = "mailsync", mixinStandardHelpOptions = false, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = VersionProvider.class,
        // the modes follow the description as a table of their own (ModesHelpSection)
        description = "Keeps collections of mail folders in sync, in pairs.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:all done",
                "1:configuration, usage or connection error",
                "2:finished, but some messages or folders were skipped or failed (see the errors above)"})
public class MailsyncCommand implements Callable<Integer> {

    @Parameters(arity = "1..2", paramLabel = "NAME", description = "a channel, a store, or a channel and one of its stores")
    List<String> names;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "the config file (default: ~/.mailsync)")
    Path configFile;

    @Option(names = {"-n", "--no-delete"}, description = "delete nothing; deletions stay pending for a later run")
    boolean noDelete;

    @Option(names = {"-D", "--remove-folders"}, description = "remove a folder whose pair was removed on the other side")
    boolean removeFolders;

    @Option(names = {"-cd", "--copy-deleted"}, description = "also copy messages flagged \\Deleted")
    boolean copyDeleted;

    @Option(names = {"-m", "--messages"}, description = "show each message acted on")
    boolean showMessages;

    @Option(names = {"-M", "--message-ids"}, description = "show each message acted on with its Message-ID")
    boolean showMessageIds;

    @Option(names = {"-s", "--dry-run", "--simulate"}, description = "simulate: change nothing, report everything")
    boolean simulate;

    @Option(names = {"-t", "--identity"}, paramLabel = "MODE",
            description = "how messages are identified: msgid (default), md5 (the original's header hash), "
                    + "auto (Message-ID, else a content hash)")
    String identity;

    @Option(names = "-d", description = "debug output")
    boolean debug;

    @Option(names = "-di", description = "IMAP protocol log (passwords are never shown)")
    boolean debugImap;

    @Option(names = "-dc", description = "show the configuration as read")
    boolean debugConfig;

    @Option(names = "-v", description = "show IMAP server chatter")
    boolean verbose;

    @Option(names = "-vb", description = "show warnings about bad messages")
    boolean verboseBad;

    @Option(names = "-vw", description = "show all warnings (e.g. files that are not mailboxes)")
    boolean verboseWarnings;

    @Option(names = "-vp", description = "show warnings about parsing messages")
    boolean verboseParse;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "also run the *.camel.yaml route files of DIR; one named mailsync.camel.yaml replaces the built-in set")
    Path routesDir;

    @Option(names = "--schedule", paramLabel = "CRON",
            description = "keep running and sync the channel on a schedule: a duration (15m) or a Quartz cron expression,"
                    + " e.g. \"0 0/15 * * * ?\" (mailsync daemon runs every channel that has a schedule)")
    String schedule;

    @Option(names = "--parallel", paramLabel = "N",
            description = "sync N folder pairs at once, each with its own IMAP connections (default: the channel's"
                    + " parallel, else 4; 1: one after another); the output keeps folder order")
    String parallel;

    @Option(names = {"--force-deletions", "--allow-emptied"},
            description = "carry out deletions the deletion circuit breaker held back (more than the channel's maxdelete"
                    + " allows; by default more than half, and more than 20, of a folder's synced messages)")
    boolean forceDeletions;

    @Option(names = "--import-msinfo", paramLabel = "FILE",
            description = "take the channel's state from the original mailsync's msinfo FILE (replacing ours), then sync")
    String importMsinfo;

    @Option(names = "--import-state",
            description = "copy the channel's SQLite state (its msinfo) into the PostgreSQL state the config names"
                    + " (global key state), replacing what PostgreSQL had of the channel, then sync")
    boolean importState;

    /** {@code --json} and {@code -q}; the progress bar on a terminal. */
    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    // No -V: the original has none, and a one-letter option may yet be wanted for its meaning.
    @Option(names = "--version", versionHelp = true, description = "show the version")
    boolean version;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    /**
     * @param out  standard output
     * @param err  standard error
     * @param home the user's home directory, which relative paths in the config are relative to
     */
    public MailsyncCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    @Override
    public Integer call() {
        setLogLevels();
        // What was asked, as far as the command line tells before the config is read (for --json's failure document).
        String operation = names.size() == 2 ? "diff" : null;
        try {
            Path file = configFile != null ? configFile.toAbsolutePath() : home.resolve(".mailsync");
            MailsyncConfig config = ConfigParser.parse(file, home);
            if (debugConfig) {
                if (config.state() != null) {
                    err.println("state: " + config.state().shownUrl()
                            + (config.state().passcmd() != null ? ", statepasscmd set" : ""));
                }
                config.stores().values().forEach(s -> err.println("store " + s.name() + ": " + redacted(s)));
                config.channels().values().forEach(c -> err.println("channel " + c.name() + ": " + c.storeA() + " <-> " + c.storeB()));
            }
            ConfigEntry first = config.resolve(names.get(0));
            MailsyncConfiguration options = options(file);
            if (names.size() == 2) {
                if (!(first instanceof ChannelConfig)) {
                    throw new UsageException("\"" + names.get(0) + "\" is a store; diff mode is: mailsync CHANNEL STORE");
                }
                options.setOperation("diff");
                options.setStore(names.get(1));
                operation = "diff";
            } else if (first instanceof ChannelConfig) {
                if (importState) {
                    importState(config, (ChannelConfig) first);
                }
                if (schedule != null) {
                    if (parallel != null) {
                        // The scheduled runs are the daemon's, which takes the channel's settings only.
                        throw new UsageException("--parallel does not apply to --schedule; give the channel \"parallel "
                                + parallel + "\" in the config instead");
                    }
                    if (output.json() || output.quiet()) {
                        throw new UsageException("--json and -q apply to one run, not to --schedule (the daemon's runs are"
                                + " logged as JSON lines in " + DaemonCommand.DEFAULT_RUN_LOG + ")");
                    }
                    return syncOnSchedule(file, names.get(0));
                }
                options.setOperation("sync");
                operation = "sync";
            } else {
                options.setOperation("list");
                operation = "list";
            }
            try (MailsyncRuntime runtime = MailsyncRuntime.start(routesDir, home, options)) {
                return output.finish(runtime.request(MailsyncRuntime.uri(names.get(0))), out);
            }
        } catch (Exception e) {
            Throwable cause = MailsyncRuntime.cause(e);
            boolean known = cause instanceof ConfigException || cause instanceof UsageException || cause instanceof StoreException
                    || cause instanceof MsinfoException || cause instanceof RequestException || cause instanceof IOException
                    || cause instanceof IllegalArgumentException;
            // the name is a channel's only once the config said so
            String channel = "sync".equals(operation) || "diff".equals(operation) ? names.get(0) : null;
            return output.failure(operation, channel, cause, known ? cause.getMessage() : cause.toString(), out, err);
        }
    }

    /** {@code --import-state}: the channel's SQLite state copied into PostgreSQL before the sync (StateImporter). */
    private void importState(MailsyncConfig config, ChannelConfig channel) throws Exception {
        if (simulate) {
            throw new UsageException("--import-state writes the channel's state; it cannot be combined with -s");
        }
        if (importMsinfo != null) {
            throw new UsageException("--import-state and --import-msinfo both replace the channel's state; give one");
        }
        org.mailsync.assembly.StateImporter.importState(config, channel, home, output.quiet() ? null : err);
    }

    /** {@code --schedule}: the daemon, running this one channel on this schedule. */
    private int syncOnSchedule(Path file, String channel) throws UsageException {
        if (!Schedule.isValid(schedule)) {
            throw new UsageException("--schedule \"" + schedule + "\" is neither a duration (15m, 1h) nor a Quartz cron"
                    + " expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0/15 * * * ?\")");
        }
        return DaemonCommand.run(new MailsyncDaemon.Options(file, home, routesDir, null, "127.0.0.1",
                home.resolve(DaemonCommand.DEFAULT_RUN_LOG), new Console(out, err), java.util.Map.of(channel, schedule)));
    }

    /** The command line's options as the {@code mailsync:} endpoint's. */
    private MailsyncConfiguration options(Path file) throws UsageException {
        MailsyncConfiguration c = new MailsyncConfiguration();
        c.setConfig(file.toString());
        c.setHome(home.toAbsolutePath().toString());
        c.setNoDelete(noDelete);
        c.setRemoveFolders(removeFolders);
        c.setCopyDeleted(copyDeleted);
        c.setAllowEmptied(forceDeletions); // the endpoint's name for --force-deletions
        c.setDryRun(simulate);
        c.setImportMsinfo(importMsinfo);
        c.setShowMessages(showMessages || showMessageIds);
        c.setShowMessageIds(showMessageIds);
        c.setDebugProtocol(debugImap);
        c.setInteractive(true);
        c.setConsole(output.console(out, err));
        if (parallel != null) {
            // Checked here rather than by picocli's int conversion, so that the error says what is wanted.
            int n = parallel.matches("[0-9]{1,9}") ? Integer.parseInt(parallel) : -1;
            if (n < 1 || n > ChannelConfig.MAX_PARALLEL) {
                throw new UsageException("--parallel takes a number of folder pairs from 1 to " + ChannelConfig.MAX_PARALLEL
                        + ", not \"" + parallel + "\"");
            }
            c.setParallel(n);
        }
        if (identity != null) {
            try {
                IdentityMode.valueOf(identity.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("-t takes msgid, md5 or auto, not \"" + identity + "\"");
            }
            c.setIdentity(identity);
        }
        return c;
    }

    private static String redacted(StoreConfig s) {
        return (s.isLocal() ? "local " + s.path() : "server " + s.server()) + ", pat " + s.pattern() + ", prefix \"" + s.prefix()
                + "\"" + (s.password() != null ? ", passwd ********" : "");
    }

    private void setLogLevels() {
        // Every level is set on every run: an earlier run in the same JVM (tests, an embedding
        // program) must not leave its -d or -di behind.
        Level level = debug ? Level.DEBUG : (verboseWarnings || verboseBad || verboseParse) ? Level.WARN : Level.ERROR;
        Configurator.setLevel("org.mailsync", level);
        Configurator.setLevel("org.mailsync.store.imap", debugImap || verbose ? Level.DEBUG : level);
        Configurator.setLevel("org.apache.camel.processor.errorhandler.DefaultErrorHandler", debug ? Level.ERROR : Level.OFF);
    }

    /** A command line that names things the wrong way round. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

}
