package org.mailsync.msinfo.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.api.FlywayException;
import org.mailsync.msinfo.CachedIndex;
import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.PairVersion;
import org.mailsync.msinfo.SyncState;
import org.mailsync.sync.RememberedFlags;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's {@link SyncState} in PostgreSQL, with the SQLite msinfo's semantics: a folder
 * pair's identities are loaded whole and replaced whole in one transaction after the pair's
 * actions ran ({@link #replaceWithFlags}), so a crash between the actions and the commit leaves
 * the previous record, from which the next run converges exactly as with SQLite. Every other
 * write is one transaction too. The index cache and the settled pairs are hints: a failure to
 * read or write them is logged and costs time, never the run.
 *
 * <p>One connection per state (a run opens one state per channel; its folder pairs take turns on
 * it, as they do on a SQLite connection). Opened for writing, the state holds the channel's
 * session advisory lock until it is closed, so that two nodes never sync the channel at once;
 * opened read-only (simulation, diff, check) it takes no lock, creates nothing, and a database
 * without the schema reads as empty. No message ever shows the password ({@link StateUrl}).
 */
public final class PostgresSyncState implements SyncState {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSyncState.class);

    private final StateUrl url;
    private final String channel;
    private final Connection connection;
    private final boolean readOnly;
    /** Read-only on a database that has no schema yet: every read is empty. */
    private final boolean empty;
    private final PairRows pairs;
    private final DeletionLogRows deletionLog;
    private final IndexCacheRows indexCache;
    private boolean locked;

    private PostgresSyncState(StateUrl url, String channel, Connection connection, boolean readOnly, boolean empty) {
        this.url = url;
        this.channel = channel;
        this.connection = connection;
        this.readOnly = readOnly;
        this.empty = empty;
        this.pairs = new PairRows(connection);
        this.deletionLog = new DeletionLogRows(connection);
        this.indexCache = new IndexCacheRows(connection, channel);
    }

    /**
     * Opens a channel's state: for writing, brings the schema up to date and takes the channel's
     * advisory lock; read-only, neither.
     *
     * @throws ChannelTakenException another run holds the channel (writing only)
     * @throws MsinfoException       the database cannot be reached or migrated (the message names
     *                               the URL, without its password, and the reason)
     */
    public static PostgresSyncState open(StateUrl url, String channel, boolean readOnly) throws MsinfoException {
        PGSimpleDataSource dataSource;
        try {
            dataSource = PostgresDatabase.dataSource(url);
        } catch (IllegalArgumentException e) {
            throw new MsinfoException("state " + url.url() + " is not a usable PostgreSQL URL: " + url.redact(e.getMessage()));
        }
        if (!readOnly) {
            try {
                PostgresDatabase.migrate(dataSource, url);
            } catch (FlywayException e) {
                throw new MsinfoException("cannot bring state " + url.url() + " to mailsync's schema: " + reason(url, e)
                        + " (nothing was changed)");
            }
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            if (readOnly) {
                c.setReadOnly(true);
                return new PostgresSyncState(url, channel, c, true, !PostgresDatabase.hasSchema(c));
            }
            if (!PostgresDatabase.tryLock(c, channel)) {
                String holder = PostgresDatabase.lockHolder(c, channel);
                closeQuietly(c);
                throw new ChannelTakenException("another mailsync run is syncing this channel (its lock in state "
                        + url.url() + " is held" + (holder == null ? "" : " by " + holder) + ")");
            }
            PostgresSyncState state = new PostgresSyncState(url, channel, c, false, false);
            state.locked = true;
            return state;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new MsinfoException("cannot open state " + url.url() + " for channel \"" + channel + "\": " + reason(url, e)
                    + " (nothing was changed)");
        }
    }

    @Override
    public String location() {
        return url.url();
    }

    /** The channel this state was opened for (its lock, its index cache). */
    public String channel() {
        return channel;
    }

    @Override
    public synchronized Set<String> boxnames(String channel) throws MsinfoException {
        return read(() -> pairs.boxnames(channel), new LinkedHashSet<>());
    }

    @Override
    public synchronized Set<String> load(String channel, String boxname) throws MsinfoException {
        return read(() -> pairs.identities(channel, boxname), new HashSet<>());
    }

    @Override
    public synchronized Map<String, RememberedFlags> loadWithFlags(String channel, String boxname) throws MsinfoException {
        return read(() -> pairs.identitiesWithFlags(channel, boxname), new HashMap<>());
    }

    @Override
    public synchronized PairVersion msinfoVersion(String channel, String boxname) throws MsinfoException {
        return read(() -> pairs.version(channel, boxname), new PairVersion("", 0));
    }

    @Override
    public synchronized Map<String, Map<String, RememberedFlags>> rememberedElsewhere(String channel, String boxname,
                                                                                       Collection<String> identities)
            throws MsinfoException {
        if (identities.isEmpty()) {
            return Map.of();
        }
        return read(() -> pairs.rememberedElsewhere(channel, boxname, identities), Map.of());
    }

    /** The per-pair commit: the pair's identities and flags, replaced whole in one transaction. */
    @Override
    public synchronized void replaceWithFlags(String channel, String boxname, Map<String, RememberedFlags> identities)
            throws MsinfoException {
        inTransaction("for " + channel + "/" + boxname, () -> pairs.replace(channel, boxname, identities));
    }

    @Override
    public synchronized void replace(String channel, String boxname, Collection<String> identities) throws MsinfoException {
        replaceWithFlags(channel, boxname, unknownFlags(identities));
    }

    @Override
    public synchronized void replaceChannel(String channel, Map<String, ? extends Collection<String>> folders)
            throws MsinfoException {
        inTransaction("for channel " + channel, () -> {
            pairs.forgetChannel(channel);
            for (Map.Entry<String, ? extends Collection<String>> folder : folders.entrySet()) {
                pairs.replace(channel, folder.getKey(), unknownFlags(folder.getValue()));
            }
        });
    }

    /**
     * Replaces everything the state keeps of a channel's sync record, its pairs with their flags
     * and its deletion log, in one transaction ({@code --import-state}): a failure leaves what
     * was there.
     */
    public synchronized void importChannel(String channel, Map<String, Map<String, RememberedFlags>> folders,
                                           List<DeletionRecord> deletions) throws MsinfoException {
        inTransaction("for channel " + channel + " (import)", () -> {
            pairs.forgetChannel(channel);
            for (Map.Entry<String, Map<String, RememberedFlags>> folder : folders.entrySet()) {
                pairs.replace(channel, folder.getKey(), folder.getValue());
            }
            deletionLog.deleteChannel(channel);
            deletionLog.insert(deletions);
        });
    }

    @Override
    public synchronized void forget(String channel, String boxname) throws MsinfoException {
        inTransaction("for " + channel + "/" + boxname, () -> pairs.forget(channel, boxname));
    }

    @Override
    public synchronized void logDeletions(Collection<DeletionRecord> records) throws MsinfoException {
        inTransaction("(deletion log)", () -> deletionLog.insert(records));
    }

    @Override
    public synchronized List<DeletionRecord> deletions(String channel, Instant since) throws MsinfoException {
        return read(() -> deletionLog.select(channel, since), List.of());
    }

    @Override
    public synchronized List<DeletionRecord> deletionsBefore(String channel, Instant cutoff) throws MsinfoException {
        return read(() -> deletionLog.before(channel, cutoff), List.of());
    }

    @Override
    public synchronized void forgetDeletions(Collection<Long> ids) throws MsinfoException {
        if (ids.isEmpty()) {
            return;
        }
        inTransaction("(deletion log)", () -> deletionLog.delete(ids));
    }

    /** The channel's cache of a store folder, or null (none kept, or it could not be read: logged). */
    @Override
    public synchronized CachedIndex loadIndex(String store, String folder) {
        return hint("read the index cache of " + store + " " + folder, () -> indexCache.load(store, folder));
    }

    /** Keeps a store folder's cache in its own transaction; a failure is logged, the run goes on. */
    @Override
    public synchronized void saveIndex(String store, String folder, CachedIndex index) {
        hintWrite("write the index cache of " + store + " " + folder, () -> indexCache.save(store, folder, index));
    }

    @Override
    public synchronized String loadSettled(String channel, String boxname) {
        if (!channel.equals(this.channel)) {
            return null; // kept per state's channel, as SQLite keeps it in the channel's own file
        }
        return hint("read the settled pair " + boxname, () -> indexCache.loadSettled(boxname));
    }

    @Override
    public synchronized void saveSettled(String channel, String boxname, String inputs) {
        if (channel.equals(this.channel)) {
            hintWrite("write the settled pair " + boxname, () -> indexCache.saveSettled(boxname, inputs));
        }
    }

    /** Releases the channel's lock and the connection; never throws. */
    @Override
    public synchronized void close() {
        try {
            if (locked) {
                locked = false;
                PostgresDatabase.unlock(connection, channel);
            }
        } catch (SQLException e) {
            // closing the connection releases it all the same
        }
        closeQuietly(connection);
    }

    // ------------------------------------------------------------------ transactions and errors

    /** Work on the connection. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Work that writes. */
    private interface WriteWork {
        void run() throws SQLException;
    }

    private <T> T read(Work<T> work, T none) throws MsinfoException {
        if (empty) {
            return none;
        }
        try {
            return work.run();
        } catch (SQLException e) {
            throw new MsinfoException("cannot read state " + url.url() + ": " + reason(url, e));
        }
    }

    /**
     * Runs the work in one transaction: committed whole, or rolled back whole when it fails
     * (with an exception of ours too), so that the previous record stays.
     */
    private void inTransaction(String what, WriteWork work) throws MsinfoException {
        if (readOnly) {
            throw new IllegalStateException("state " + url.url() + " is open read-only");
        }
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new MsinfoException("cannot write state " + url.url() + " " + what + ": " + reason(url, e));
        }
    }

    private <T> T hint(String what, Work<T> work) {
        if (empty) {
            return null;
        }
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot {} in state {} ({}); the sync goes on without it", what, url.url(), reason(url, e));
            return null;
        }
    }

    private void hintWrite(String what, WriteWork work) {
        if (readOnly) {
            throw new IllegalStateException("state " + url.url() + " is open read-only");
        }
        try {
            inTransaction(what, work);
        } catch (MsinfoException | RuntimeException e) {
            indexCache.forgetKnown(); // rolled back: what it holds is no longer known here
            LOG.warn("cannot {} in state {} ({}); the next run re-reads what it would have saved", what, url.url(),
                    url.redact(e.getMessage()));
        }
    }

    private static Map<String, RememberedFlags> unknownFlags(Collection<String> identities) {
        Map<String, RememberedFlags> unknown = new LinkedHashMap<>();
        identities.forEach(id -> unknown.put(id, RememberedFlags.unknown()));
        return unknown;
    }

    /** The failure's own words (the driver's first line, not its whole chain), without any password. */
    private static String reason(StateUrl url, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return url.redact(message);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // nothing left to release
            }
        }
    }
}
