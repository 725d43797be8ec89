package org.mailsync.assembly;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;

import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigEntry;
import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigLocation;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.StateConfig;
import org.mailsync.config.StoreConfig;
import org.mailsync.identity.IdentityMode;
import org.mailsync.job.CheckJob;
import org.mailsync.job.DiffJob;
import org.mailsync.job.ListJob;
import org.mailsync.job.UndoJob;
import org.mailsync.job.Operation;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.LegacyMsinfoImporter;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.MsinfoProblems;
import org.mailsync.msinfo.SyncState;
import org.mailsync.msinfo.SyncStateFactory;
import org.mailsync.msinfo.pg.ChannelTakenException;
import org.mailsync.msinfo.pg.PostgresStateFactory;
import org.mailsync.report.SyncReport;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;

/**
 * Opens what a {@link JobRequest} needs, in the order that keeps a failure harmless: the config
 * is read, the stores are opened (IMAP logins done) before the channel lock and state, so that
 * a wrong password or an unreachable server changes nothing; then the original mailsync's
 * state is imported if this is the channel's first run. A sync's stores are opened through
 * {@link ChannelConnections}, from which its folder pairs, {@code parallel} of them at once,
 * lease their own connections. Used by the {@code mailsync:}
 * endpoint's producer and consumer alike; whatever was opened is closed again if a later step
 * fails.
 */
public final class ChannelOpener {

    private final SyncStateFactory states;
    private final ConfigCache configs = new ConfigCache();
    private final ChannelTrashes trashes = new ChannelTrashes();

    /** @param states where channels keep their state */
    public ChannelOpener(SyncStateFactory states) {
        this.states = states;
    }

    /**
     * Opens the request's job.
     *
     * @throws ConfigException  the config is wrong or names no such channel or store
     * @throws RequestException the request names things the wrong way round
     * @throws Exception        a store, the lock or the state cannot be opened (nothing changed)
     */
    public OpenJob open(JobRequest request) throws Exception {
        return open(request, null);
    }

    /**
     * Opens the request's job; a sync reuses the IMAP connections {@code kept} holds from the
     * channel's last run and gives them back when the job is closed (see {@link
     * KeptConnections}). The config is parsed again only when its file changed.
     *
     * @param kept the connections kept between runs of the channel, or null for a run of its own
     */
    public OpenJob open(JobRequest request, KeptConnections kept) throws Exception {
        if (request.operation() == Operation.MIGRATE) {
            // Its sides may be written inline, so the config is read only when one names a store of it.
            return MigrateOpener.open(request, configs);
        }
        MailsyncConfig config = configs.parse(request.configFile(), request.home());
        ConfigEntry entry = config.resolve(request.name());
        SyncReport report = new SyncReport(request.console(), request.showMessages(), request.showMessageIds());
        Deque<AutoCloseable> opened = OpenJob.stack();
        try {
            OpenJob job = switch (request.operation()) {
                case SYNC -> sync(request, config, channel(entry, request), report, opened, kept);
                case DIFF -> diff(request, config, channel(entry, request), report, opened);
                case LIST -> list(request, entry, report, opened);
                case UNDO -> undo(request, config, channel(entry, request), report, opened);
                case CHECK -> check(request, config, entry, report, opened);
                case MIGRATE -> throw new IllegalStateException("a migration is opened by MigrateOpener");
            };
            return job;
        } catch (Exception | Error e) {
            OpenJob.closeAll(opened);
            throw e;
        }
    }

    private OpenJob sync(JobRequest request, MailsyncConfig config, ChannelConfig channel, SyncReport report,
                         Deque<AutoCloseable> opened, KeptConnections kept) throws Exception {
        PrintStream notes = request.console().err();
        SyncOptions options = new SyncOptions(request.noDelete(), request.removeFolders(), request.copyDeleted(),
                channel.sizeLimit(), request.forceDeletions(), channel.maxDelete(), channel.syncFlags());
        // Each folder pair leases its own stores from these (one IMAP connection per pair and
        // side); the first connection of each IMAP store logs in now, before the lock (unless
        // it was kept from the channel's last run).
        StoreConfig storeA = store(config, channel.storeA());
        StoreConfig storeB = store(config, channel.storeB());
        ChannelConnections connections = new ChannelConnections(kept);
        opened.push(connections);
        ChannelConnections.Sides sides = connections.open(storeA, storeB, notes, request.debugProtocol(),
                request.interactive());
        StoreSide a = sides.a();
        StoreSide b = sides.b();
        if (!request.dryRun()) {
            // Locked on the path the config names, before looking at what is there: a second
            // run must not see a first run's state half made and pick another file (and lock).
            opened.push(lock(channel, MsinfoLocation.lockBase(channel, request.home(), config.source())));
        }
        Path msinfoPath = MsinfoLocation.resolve(channel, request.home(), config.source(), notes);
        SyncState state = openState(config, channel, msinfoPath, request.dryRun(), notes);
        opened.push(state);
        importLegacy(request, channel, state, msinfoPath);
        SyncJob job = new SyncJob(channel.name(), a, b, state, options, identity(request, channel), request.dryRun(), report,
                parallel(request, channel), connections,
                trashes.forRun(channel, storeA, storeB, msinfoPath, java.time.Clock.systemUTC()), channel.specialUse());
        return new OpenJob(job, opened);
    }

    /**
     * Takes the channel's lock. That it cannot be made is the first sign of a state directory
     * mailsync cannot write: the error names the lock file and the reason (Java's own names
     * only the file), before anything is changed.
     */
    private static ChannelLock lock(ChannelConfig channel, Path base) throws IOException, MsinfoException {
        try {
            return ChannelLock.acquire(base);
        } catch (ChannelBusyException e) {
            throw e;
        } catch (IOException e) {
            Path lockFile = base.resolveSibling(base.getFileName() + ".lock");
            throw new MsinfoException("cannot create channel \"" + channel.name() + "\"'s lock file " + lockFile + ": "
                    + MsinfoProblems.reason(e, lockFile) + "; mailsync keeps the channel's state in "
                    + lockFile.toAbsolutePath().getParent() + " and must be able to write there (nothing was changed)", e);
        }
    }

    private OpenJob diff(JobRequest request, MailsyncConfig config, ChannelConfig channel, SyncReport report,
                         Deque<AutoCloseable> opened) throws Exception {
        String storeName = request.store();
        Side side;
        if (channel.storeA().equals(storeName)) {
            side = Side.A;
        } else if (channel.storeB().equals(storeName)) {
            side = Side.B;
        } else {
            throw new RequestException("store \"" + storeName + "\" is not one of channel \"" + channel.name() + "\"'s stores ("
                    + channel.storeA() + ", " + channel.storeB() + ")");
        }
        Path msinfoPath = MsinfoLocation.resolve(channel, request.home(), config.source(), request.console().err());
        StoreSide one = openStore(store(config, storeName), request, opened);
        SyncState state = openState(config, channel, msinfoPath, true, null);
        opened.push(state);
        return new OpenJob(new DiffJob(channel.name(), side, one, state, identity(request, channel), report), opened);
    }

    private OpenJob list(JobRequest request, ConfigEntry entry, SyncReport report, Deque<AutoCloseable> opened)
            throws Exception {
        if (!(entry instanceof StoreConfig storeConfig)) {
            throw new RequestException("\"" + request.name() + "\" is a channel; list mode takes a store");
        }
        StoreSide side = openStore(storeConfig, request, opened);
        return new OpenJob(new ListJob(side, request.showMessages(), report), opened);
    }

    /**
     * A check of a store, or of a channel's two stores and its state (opened read-only). Only
     * {@code --fix-duplicates} on a channel takes the channel's lock, as it deletes messages a
     * sync of the channel could be reading.
     */
    private OpenJob check(JobRequest request, MailsyncConfig config, ConfigEntry entry, SyncReport report,
                          Deque<AutoCloseable> opened) throws Exception {
        if (entry instanceof StoreConfig storeConfig) {
            StoreSide side = openStore(storeConfig, request, opened);
            return new OpenJob(new CheckJob(null, java.util.List.of(side), null, IdentityMode.MSGID,
                    request.fixDuplicates(), report), opened);
        }
        ChannelConfig channel = (ChannelConfig) entry;
        StoreSide a = openStore(store(config, channel.storeA()), request, opened);
        StoreSide b = openStore(store(config, channel.storeB()), request, opened);
        if (request.fixDuplicates()) {
            opened.push(lock(channel, MsinfoLocation.lockBase(channel, request.home(), config.source())));
        }
        Path msinfoPath = MsinfoLocation.resolve(channel, request.home(), config.source(), request.console().err());
        // --fix-duplicates moves what it removes to the channel's trash and logs it there (undo)
        SyncState state = openState(config, channel, msinfoPath, !request.fixDuplicates(), null);
        opened.push(state);
        return new OpenJob(new CheckJob(channel.name(), java.util.List.of(a, b), state,
                identity(request, channel), request.fixDuplicates(), report,
                request.fixDuplicates() ? trashes.forRun(channel, store(config, channel.storeA()),
                        store(config, channel.storeB()), msinfoPath, java.time.Clock.systemUTC()) : null), opened);
    }

    /**
     * {@code mailsync undo}: both stores (logged in first, as for a sync), then the channel's
     * lock and its state; with {@code -s} no lock and the state read-only, as a simulation.
     */
    private OpenJob undo(JobRequest request, MailsyncConfig config, ChannelConfig channel, SyncReport report,
                         Deque<AutoCloseable> opened) throws Exception {
        StoreConfig storeA = store(config, channel.storeA());
        StoreConfig storeB = store(config, channel.storeB());
        StoreSide a = openStore(storeA, request, opened);
        StoreSide b = openStore(storeB, request, opened);
        if (!request.dryRun()) {
            opened.push(lock(channel, MsinfoLocation.lockBase(channel, request.home(), config.source())));
        }
        PrintStream notes = request.console().err();
        Path msinfoPath = MsinfoLocation.resolve(channel, request.home(), config.source(), notes);
        SyncState state = openState(config, channel, msinfoPath, request.dryRun(), notes);
        opened.push(state);
        return new OpenJob(new UndoJob(channel.name(), a, b, state,
                trashes.forRun(channel, storeA, storeB, msinfoPath, java.time.Clock.systemUTC()), request.since(),
                request.dryRun(), report), opened);
    }

    /**
     * Opens the channel's state: in PostgreSQL when the config says so (global {@code state}),
     * else from the endpoint's factory (the msinfo SQLite file). A channel another node holds in
     * PostgreSQL is refused as a held lock file is ({@link ChannelBusyException}).
     */
    private SyncState openState(MailsyncConfig config, ChannelConfig channel, Path msinfoPath, boolean readOnly,
                                PrintStream notes) throws Exception {
        StateConfig state = config.state();
        if (state == null) {
            return notes == null ? states.open(channel.name(), msinfoPath, readOnly)
                    : states.open(channel.name(), msinfoPath, readOnly, notes);
        }
        try {
            return new PostgresStateFactory(state.url(), state.passcmd()).open(channel.name(), msinfoPath, readOnly);
        } catch (ChannelTakenException e) {
            throw new ChannelBusyException(e.getMessage());
        }
    }

    /** Folder pairs synced at once: the request's ({@code --parallel}), else the channel's, else the default. */
    private static int parallel(JobRequest request, ChannelConfig channel) {
        if (request.parallel() != null) {
            return request.parallel();
        }
        return channel.parallel() != null ? channel.parallel() : ChannelConfig.DEFAULT_PARALLEL;
    }

    private static ChannelConfig channel(ConfigEntry entry, JobRequest request) throws RequestException {
        if (entry instanceof ChannelConfig channel) {
            return channel;
        }
        if (request.operation() == Operation.DIFF) {
            throw new RequestException("\"" + request.name() + "\" is a store; diff mode is: mailsync CHANNEL STORE");
        }
        throw new RequestException("\"" + request.name() + "\" is a store, not a channel: it can only be listed");
    }

    private static StoreSide openStore(StoreConfig config, JobRequest request, Deque<AutoCloseable> opened)
            throws Exception {
        StoreSide side = StoreFactory.open(config, request.console().err(), request.debugProtocol(), request.interactive());
        opened.push(side.store());
        return side;
    }

    /**
     * Takes over the original mailsync's state: explicitly with {@code --import-msinfo}, or on
     * the first run of a channel whose msinfo path still holds the original's file (which
     * {@link MsinfoLocation} left alone, putting our database beside it).
     */
    private static void importLegacy(JobRequest request, ChannelConfig channel, SyncState state, Path msinfoPath)
            throws Exception {
        PrintStream notes = request.console().err();
        String importMsinfo = request.importMsinfo();
        if (importMsinfo != null) {
            if (importMsinfo.startsWith("{")) {
                throw new RequestException("--import-msinfo " + importMsinfo + ": importing an msinfo mailbox on a server is"
                        + " not supported yet; copy it to a local mbox file first");
            }
            if (request.dryRun()) {
                throw new RequestException("--import-msinfo writes the channel's state; it cannot be combined with -s");
            }
            Path file = Path.of(importMsinfo);
            if (!Files.isRegularFile(file)) {
                throw new RequestException("--import-msinfo " + importMsinfo + ": no such file");
            }
            if (!LegacyMsinfoImporter.importRecord(state, channel.name(), file, notes)) {
                throw new RequestException("--import-msinfo " + importMsinfo + " holds no record of channel \"" + channel.name()
                        + "\"");
            }
            return;
        }
        Path configured = channel.msinfoPath(request.home());
        if (!request.dryRun() && configured != null && !configured.equals(msinfoPath)) {
            LegacyMsinfoImporter.importIfFresh(state, channel.name(), configured, notes);
        }
    }

    private static StoreConfig store(MailsyncConfig config, String name) throws ConfigException {
        return config.store(name).orElseThrow(() -> new ConfigException(new ConfigLocation(config.source(), 0),
                "A channel or store named \"" + name + "\" has not been configured"));
    }

    private static IdentityMode identity(JobRequest request, ChannelConfig channel) {
        if (request.identity() != null) {
            return request.identity();
        }
        IdentityMode fromConfig = channel.identityMode();
        return fromConfig != null ? fromConfig : IdentityMode.MSGID;
    }
}
