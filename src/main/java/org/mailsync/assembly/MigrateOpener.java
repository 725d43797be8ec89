package org.mailsync.assembly;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Deque;
import java.util.HexFormat;

import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigLocation;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.StoreConfig;
import org.mailsync.job.MigrateJob;
import org.mailsync.job.StoreSide;
import org.mailsync.migrate.MigrateState;
import org.mailsync.migrate.ReadOnlyStore;
import org.mailsync.report.SyncReport;

/**
 * Opens a {@code mailsync migrate SOURCE TARGET} request: each side is a store of the config
 * or an inline spec ({@link InlineStores}); the config is read only when a side names a store
 * of it. Both stores are opened (IMAP logins done) before anything else, the source read-only
 * ({@link ReadOnlyStore}); then the migration's lock and state, which live in
 * {@code <home>/.mailsync-migrate/<source>--<target>-<hash>.db} (names made file-safe, the hash
 * of both names as written keeps different pairs apart).
 */
final class MigrateOpener {

    /** The directory below the home directory that holds the migrations' state. */
    static final String STATE_DIR = ".mailsync-migrate";

    private MigrateOpener() {
    }

    static OpenJob open(JobRequest request, ConfigCache configs) throws Exception {
        MigrateOptions options = request.migrate();
        if (options == null || options.target() == null || options.target().isBlank()) {
            throw new RequestException("migrate needs a source and a target: mailsync migrate SOURCE TARGET");
        }
        MailsyncConfig[] config = new MailsyncConfig[1];
        StoreConfig source = InlineStores.withPasscmd(store(request.name(), request, configs, config), options.sourcePasscmd());
        StoreConfig target = InlineStores.withPasscmd(store(options.target(), request, configs, config), options.targetPasscmd());
        if (source.isLocal() && target.isLocal() && source.path().equals(target.path())) {
            throw new RequestException("source and target are the same directory, " + source.path());
        }
        SyncReport report = new SyncReport(request.console(), false, false);
        PrintStream notes = request.console().err();
        Deque<AutoCloseable> opened = OpenJob.stack();
        try {
            StoreSide read = StoreFactory.open(source, notes, request.debugProtocol(), request.interactive());
            ReadOnlyStore readOnly = new ReadOnlyStore(read.store());
            opened.push(readOnly);
            StoreSide from = new StoreSide(read.name(), readOnly, read.pattern(), read.prefix());
            if (target.isLocal() && !options.verifyOnly()) {
                Files.createDirectories(target.path());
            }
            StoreSide to = StoreFactory.open(target, notes, request.debugProtocol(), request.interactive());
            opened.push(to.store());
            Path statePath = stateFile(request.home(), source.name(), target.name());
            // rwx------: the state names every message's folder and key
            org.mailsync.store.local.PrivateFiles.createDirectories(statePath.getParent());
            try {
                opened.push(ChannelLock.acquire(statePath));
            } catch (ChannelBusyException e) {
                throw new ChannelBusyException("another mailsync run is migrating " + source.name() + " to " + target.name()
                        + " (" + e.getMessage() + ")");
            }
            MigrateState state = MigrateState.open(statePath);
            opened.push(state);
            return new OpenJob(new MigrateJob(from, to, state, options.verifyOnly(), report), opened);
        } catch (Exception | Error e) {
            OpenJob.closeAll(opened);
            throw e;
        }
    }

    /** The state file of a migration from one store to another. */
    static Path stateFile(Path home, String source, String target) {
        String hash;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((source + "\0" + target).getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return home.resolve(STATE_DIR).resolve(safe(source) + "--" + safe(target) + "-" + hash + ".db");
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    private static StoreConfig store(String name, JobRequest request, ConfigCache configs, MailsyncConfig[] config)
            throws ConfigException {
        if (InlineStores.isInline(name)) {
            return InlineStores.parse(name, request.home());
        }
        if (config[0] == null) {
            config[0] = configs.parse(request.configFile(), request.home());
        }
        MailsyncConfig c = config[0];
        return c.store(name).orElseThrow(() -> new ConfigException(new ConfigLocation(c.source(), 0),
                "A store named \"" + name + "\" has not been configured (or write it inline: maildir:PATH, mbox:PATH,"
                        + " mh:PATH, imap://USER@HOST/)"));
    }
}
