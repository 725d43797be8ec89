package org.mailsync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelExecutionException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigEntry;
import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.StoreConfig;
import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.LegacyMsinfoImporter;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.route.StoreSide;
import org.mailsync.route.SyncJob;
import org.mailsync.route.SyncReport;
import org.mailsync.runtime.ChannelLock;
import org.mailsync.runtime.MailsyncRuntime;
import org.mailsync.runtime.MsinfoLocation;
import org.mailsync.runtime.StoreFactory;
import org.mailsync.store.StoreException;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;

import org.quartz.CronExpression;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code mailsync} command line: the original's three modes and options, plus long forms
 * and our additions. Every mode runs through the route set in {@link MailsyncRuntime}.
 */
@Command(name = "mailsync", mixinStandardHelpOptions = false, sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Keeps collections of mail folders in sync, in pairs.",
                "",
                "  mailsync [options] CHANNEL          sync the two stores of the channel",
                "  mailsync [options] STORE            list the store's folders (-m: its messages too)",
                "  mailsync [options] CHANNEL STORE    show what changed in STORE since the channel's last sync",
                ""},
        footer = {"", "Exit status: 0 all done; 1 configuration, usage or connection error;",
                "2 finished, but some messages or folders were skipped or failed (see the errors above)."})
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
            description = "keep running and sync the channel each time the Quartz cron expression fires, e.g. \"0 0/15 * * * ?\"")
    String schedule;

    @Option(names = "--allow-emptied", description = "propagate deletions from a folder that became empty since the last sync")
    boolean allowEmptied;

    @Option(names = "--import-msinfo", paramLabel = "FILE",
            description = "take the channel's state from the original mailsync's msinfo FILE (replacing ours), then sync")
    String importMsinfo;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

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
        try {
            Path file = configFile != null ? configFile : home.resolve(".mailsync");
            MailsyncConfig config = ConfigParser.parse(file, home);
            if (debugConfig) {
                config.stores().values().forEach(s -> err.println("store " + s.name() + ": " + redacted(s)));
                config.channels().values().forEach(c -> err.println("channel " + c.name() + ": " + c.storeA() + " <-> " + c.storeB()));
            }
            ConfigEntry first = config.resolve(names.get(0));
            if (names.size() == 2) {
                if (!(first instanceof ChannelConfig channel)) {
                    throw new UsageException("\"" + names.get(0) + "\" is a store; diff mode is: mailsync CHANNEL STORE");
                }
                return diff(config, channel, names.get(1));
            }
            if (first instanceof ChannelConfig channel) {
                return sync(config, channel);
            }
            return list((StoreConfig) first);
        } catch (ConfigException | UsageException | StoreException | MsinfoException | IOException e) {
            err.println("Error: " + e.getMessage());
            return SyncReport.ERROR;
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("Error: " + cause.getMessage());
            return SyncReport.ERROR;
        } catch (Exception e) {
            err.println("Error: " + e);
            return SyncReport.ERROR;
        }
    }

    private int sync(MailsyncConfig config, ChannelConfig channel) throws Exception {
        if (schedule != null) {
            return syncOnSchedule(config, channel);
        }
        return syncOnce(config, channel, null);
    }

    /**
     * One sync of a channel: the stores are opened (and IMAP logins done) before anything else,
     * so that a wrong password or an unreachable server changes nothing.
     *
     * @param running a started runtime to use (scheduled runs), or null to start one for this run
     */
    private int syncOnce(MailsyncConfig config, ChannelConfig channel, MailsyncRuntime running) throws Exception {
        Path msinfoPath = MsinfoLocation.resolve(channel, home, config.source(), err);
        SyncOptions options = new SyncOptions(noDelete, removeFolders, copyDeleted, channel.sizeLimit(), allowEmptied);
        StoreSide a = StoreFactory.open(store(config, channel.storeA()), err, debugImap);
        try (StoreSideCloser closeA = new StoreSideCloser(a)) {
            StoreSide b = StoreFactory.open(store(config, channel.storeB()), err, debugImap);
            try (StoreSideCloser closeB = new StoreSideCloser(b);
                 ChannelLock lock = simulate ? null : ChannelLock.acquire(msinfoPath);
                 MsinfoRepository msinfo = simulate ? MsinfoRepository.openReadOnly(msinfoPath) : MsinfoRepository.open(msinfoPath);
                 MailsyncRuntime started = running == null ? MailsyncRuntime.start(routesDir, home) : null) {
                importLegacy(channel, msinfo, msinfoPath);
                SyncJob job = new SyncJob(channel.name(), a, b, msinfo, options, identityMode(channel), simulate, report(), null);
                return (running != null ? running : started).sync(job);
            }
        }
    }

    /** Syncs the channel each time the cron expression fires, until the process is stopped. */
    private int syncOnSchedule(MailsyncConfig config, ChannelConfig channel) throws Exception {
        if (!CronExpression.isValidExpression(schedule)) {
            throw new UsageException("--schedule \"" + schedule + "\" is not a Quartz cron expression"
                    + " (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0/15 * * * ?\")");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        MailsyncRuntime runtime = MailsyncRuntime.startScheduled(routesDir, home, schedule, rt -> {
            try {
                return syncOnce(config, channel, rt);
            } catch (Exception e) {
                err.println("Error: " + e.getMessage());
                return SyncReport.ERROR;
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "mailsync-shutdown"));
        err.println("Syncing channel \"" + channel.name() + "\" on schedule \"" + schedule + "\"; stop with Ctrl-C.");
        stopped.await();
        return SyncReport.OK;
    }

    /**
     * Takes over the original mailsync's state: explicitly with {@code --import-msinfo}, or on
     * the first run of a channel whose msinfo path still holds the original's file (which
     * {@link MsinfoLocation} left alone, putting our database beside it).
     */
    private void importLegacy(ChannelConfig channel, MsinfoRepository msinfo, Path msinfoPath) throws Exception {
        if (importMsinfo != null) {
            if (importMsinfo.startsWith("{")) {
                throw new UsageException("--import-msinfo " + importMsinfo + ": importing an msinfo mailbox on a server is not"
                        + " supported yet; copy it to a local mbox file first");
            }
            if (simulate) {
                throw new UsageException("--import-msinfo writes the channel's state; it cannot be combined with -s");
            }
            Path file = Path.of(importMsinfo);
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--import-msinfo " + importMsinfo + ": no such file");
            }
            if (!LegacyMsinfoImporter.importRecord(msinfo, channel.name(), file, err)) {
                throw new UsageException("--import-msinfo " + importMsinfo + " holds no record of channel \"" + channel.name() + "\"");
            }
            return;
        }
        Path configured = channel.msinfoPath(home);
        if (!simulate && configured != null && !configured.equals(msinfoPath)) {
            LegacyMsinfoImporter.importIfFresh(msinfo, channel.name(), configured, err);
        }
    }

    private int diff(MailsyncConfig config, ChannelConfig channel, String storeName) throws Exception {
        Side side;
        if (storeName.equals(channel.storeA())) {
            side = Side.A;
        } else if (storeName.equals(channel.storeB())) {
            side = Side.B;
        } else {
            throw new UsageException("store \"" + storeName + "\" is not one of channel \"" + channel.name() + "\"'s stores ("
                    + channel.storeA() + ", " + channel.storeB() + ")");
        }
        Path msinfoPath = MsinfoLocation.resolve(channel, home, config.source(), err);
        StoreSide one = StoreFactory.open(store(config, storeName), err, debugImap);
        try (StoreSideCloser close = new StoreSideCloser(one);
             MsinfoRepository msinfo = MsinfoRepository.openReadOnly(msinfoPath);
             MailsyncRuntime runtime = MailsyncRuntime.start(routesDir, home)) {
            SyncJob job = new SyncJob(channel.name(), side == Side.A ? one : null, side == Side.B ? one : null, msinfo,
                    SyncOptions.defaults(), identityMode(channel), true, report(), side);
            return runtime.diff(job);
        }
    }

    private int list(StoreConfig storeConfig) throws Exception {
        StoreSide side = StoreFactory.open(storeConfig, err, debugImap);
        try (StoreSideCloser close = new StoreSideCloser(side);
             MailsyncRuntime runtime = MailsyncRuntime.start(routesDir, home)) {
            SyncJob job = new SyncJob(null, side, null, null, SyncOptions.defaults(), identityMode(null), true, report(), Side.A);
            return runtime.list(job, showMessages || showMessageIds);
        }
    }

    private SyncReport report() {
        return new SyncReport(out, err, showMessages, showMessageIds);
    }

    private static StoreConfig store(MailsyncConfig config, String name) throws ConfigException {
        return config.store(name).orElseThrow(() -> new ConfigException(new org.mailsync.config.ConfigLocation(config.source(), 0),
                "A channel or store named \"" + name + "\" has not been configured"));
    }

    private IdentityMode identityMode(ChannelConfig channel) throws UsageException {
        if (identity != null) {
            try {
                return IdentityMode.valueOf(identity.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("-t takes msgid, md5 or auto, not \"" + identity + "\"");
            }
        }
        IdentityMode fromConfig = channel == null ? null : channel.identityMode();
        return fromConfig != null ? fromConfig : IdentityMode.MSGID;
    }

    private static String redacted(StoreConfig s) {
        return (s.isLocal() ? "local " + s.path() : "server " + s.server()) + ", pat " + s.pattern() + ", prefix \"" + s.prefix()
                + "\"" + (s.password() != null ? ", passwd ********" : "");
    }

    private void setLogLevels() {
        Level level = debug ? Level.DEBUG : (verboseWarnings || verboseBad || verboseParse) ? Level.WARN : Level.ERROR;
        Configurator.setLevel("org.mailsync", level);
        if (debugImap || verbose) {
            Configurator.setLevel("org.mailsync.store.imap", Level.DEBUG);
        }
    }

    /** A command line that names things the wrong way round. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Closes a store side's store in a try-with-resources. */
    private record StoreSideCloser(StoreSide side) implements AutoCloseable {
        @Override
        public void close() {
            if (side != null) {
                side.store().close();
            }
        }
    }
}
