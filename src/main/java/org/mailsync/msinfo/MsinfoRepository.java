package org.mailsync.msinfo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.mailsync.sync.RememberedFlags;

/**
 * msinfo: per channel and boxname, the identities present on both sides at the end of the
 * last sync, kept in SQLite. Each folder pair is replaced in one IMMEDIATE transaction, so a
 * crash leaves either the old set or the new one, and concurrent runs wait for each other
 * (busy timeout) rather than fail. The schema is versioned with Flyway
 * ({@code db/msinfo/V*.sql}).
 *
 * <p>A repository opened {@linkplain #openReadOnly(Path) read-only} never creates or changes
 * the file: simulation and diff mode use it. Finding, checking and creating the file is
 * {@link MsinfoFile}'s job; this class works on the connection it opens.
 */
public final class MsinfoRepository implements SyncState {

    private final Path file;
    private final Connection connection;
    private final boolean readOnly;
    private final IndexCacheDatabase indexCache;
    private final PairTable rows;
    private final DeletionLogTable deletionLog;

    /** The caches of this factory's last run of the file, in memory; null: the file only. */
    private volatile IndexCacheMemo.Run memo;
    /** Told how the file was left when this repository closed it cleanly; null: nobody. */
    private Consumer<String> closed;

    private MsinfoRepository(Path file, Connection connection, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.readOnly = readOnly;
        this.indexCache = IndexCacheDatabase.beside(file, readOnly);
        this.rows = new PairTable(connection);
        this.deletionLog = new DeletionLogTable(connection);
    }

    /**
     * Has {@code listener} told, when this (writable) repository has closed its file cleanly,
     * how it left it: what {@link #open(Path, PrintStream, String)} takes to skip the check.
     */
    synchronized MsinfoRepository whenClosed(Consumer<String> listener) {
        this.closed = listener;
        return this;
    }

    /** This repository with the index caches of the memo's last run of its file in front of the file's. */
    MsinfoRepository remembering(IndexCacheMemo indexes) {
        this.memo = indexes.begin(file);
        return this;
    }

    /**
     * Opens (creating with mode 0600 and migrating if needed) the msinfo database at a path. A
     * new database is built beside it and moved into place whole, so that the path never holds
     * an empty or half-made file (which would read as the original mailsync's msinfo).
     *
     * <p>Deleting (or moving aside) msinfo is the documented way to start a channel afresh, and
     * must work whatever a crash left beside it: the {@code -wal}, {@code -shm} or
     * {@code -journal} of a database that is gone (or emptied) are moved aside, never applied
     * (SQLite would replay an old database's WAL into the new one: its state back, or a
     * malformed database).
     * That is safe because the caller holds the channel's lock: no other run has this file open.
     * An existing database is checked first ({@code PRAGMA quick_check}, read-only, so a damaged
     * one and its WAL stay as they were); a damaged one is one error that says how to recover.
     *
     * @param notes where the run's notes go (what was moved aside); {@code null}: the log
     */
    public static MsinfoRepository open(Path file, PrintStream notes) throws MsinfoException {
        return open(file, notes, null);
    }

    /**
     * {@link #open(Path, PrintStream)}, but without the check and the schema look-up when the
     * file is exactly as a repository of this process left it when it closed ({@code
     * closedAs}, from {@link #whenClosed}: the same file, size and modification time, no WAL
     * with anything in it): nobody has written it since it was checked and used, so it is the
     * sound, current database it was. A client that runs the channel again and again (the
     * daemon) then checks it once, and again only after someone else wrote it.
     *
     * @param closedAs what {@link #whenClosed} reported when this file was last closed, or null
     */
    static MsinfoRepository open(Path file, PrintStream notes, String closedAs) throws MsinfoException {
        return new MsinfoRepository(file, MsinfoFile.open(file, notes, closedAs), false);
    }

    /** {@link #open(Path, PrintStream)}, with notes going to the log. */
    public static MsinfoRepository open(Path file) throws MsinfoException {
        return open(file, null);
    }

    /** The newest schema version in {@code db/msinfo} ({@link MsinfoFile#SCHEMA_VERSION}). */
    static final String SCHEMA_VERSION = MsinfoFile.SCHEMA_VERSION;

    /**
     * Opens msinfo for reading only. A file that does not exist yet reads as empty and is not
     * created (nor is anything beside it moved).
     */
    public static MsinfoRepository openReadOnly(Path file) throws MsinfoException {
        return new MsinfoRepository(file, MsinfoFile.openReadOnly(file), true);
    }

    /** The file this repository lives in. */
    @Override
    public String location() {
        return file.toString();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The boxnames of a channel that have been synced before. */
    @Override
    public synchronized Set<String> boxnames(String channel) throws MsinfoException {
        return read(() -> rows.boxnames(channel), new LinkedHashSet<>());
    }

    /** The identities on both sides of a folder pair at the end of its last sync (empty if never synced). */
    @Override
    public synchronized Set<String> load(String channel, String boxname) throws MsinfoException {
        return read(() -> rows.identities(channel, boxname), new HashSet<>());
    }

    /** The pair's {@link PairVersion}: its {@code synced_at} and identity count, one row. */
    @Override
    public synchronized PairVersion msinfoVersion(String channel, String boxname) throws MsinfoException {
        return read(() -> rows.version(channel, boxname), new PairVersion("", 0));
    }

    /** The identities of a folder pair with each side's remembered flags ({@link PairTable#identitiesWithFlags}). */
    @Override
    public synchronized Map<String, RememberedFlags> loadWithFlags(String channel, String boxname) throws MsinfoException {
        return read(() -> rows.identitiesWithFlags(channel, boxname), new HashMap<>());
    }

    /** Replaces a folder pair's identities and their remembered flags in one transaction. */
    @Override
    public synchronized void replaceWithFlags(String channel, String boxname, Map<String, RememberedFlags> identities)
            throws MsinfoException {
        inTransaction("for " + channel + "/" + boxname, () -> rows.replaceWithFlags(channel, boxname, identities));
    }

    /** Replaces a folder pair's identities in one transaction (their flags unknown). */
    @Override
    public synchronized void replace(String channel, String boxname, Collection<String> identities) throws MsinfoException {
        inTransaction("for " + channel + "/" + boxname, () -> rows.replace(channel, boxname, identities));
    }

    /**
     * Replaces every folder pair of a channel with the given ones in one transaction: used to
     * take over the state of the original mailsync, so that a failure leaves the old state.
     */
    @Override
    public synchronized void replaceChannel(String channel, Map<String, ? extends Collection<String>> folders) throws MsinfoException {
        inTransaction("for channel " + channel, () -> rows.replaceChannel(channel, folders));
    }

    @Override
    public synchronized Map<String, Map<String, RememberedFlags>> rememberedElsewhere(String channel, String boxname,
                                                                                       Collection<String> identities)
            throws MsinfoException {
        if (identities.isEmpty()) {
            return Map.of();
        }
        return read(() -> rows.rememberedElsewhere(channel, boxname, identities), Map.of());
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
        inTransaction("(deletion log)", () -> deletionLog.delete(ids));
    }

    /** A read of rows, or {@code none} when the database does not exist yet (read-only). */
    private interface RowRead<T> {
        T run() throws SQLException;
    }

    private <T> T read(RowRead<T> read, T none) throws MsinfoException {
        if (connection == null) {
            return none;
        }
        try {
            return read.run();
        } catch (SQLException e) {
            throw MsinfoProblems.failure("cannot read msinfo " + file, file, e);
        }
    }

    /** The index cache of a store folder, or null when none is kept ({@link IndexCacheDatabase}). */
    @Override
    public CachedIndex loadIndex(String store, String folder) {
        IndexCacheMemo.Run m = memo;
        CachedIndex index = m == null ? null : m.get(store, folder);
        if (index == null) {
            index = indexCache.load(store, folder);
            if (m != null && index != null) {
                m.put(store, folder, index);
            }
        }
        return index;
    }

    /** Keeps a store folder's index cache, in its own transaction in its own file. */
    @Override
    public void saveIndex(String store, String folder, CachedIndex index) {
        indexCache.save(store, folder, index);
        IndexCacheMemo.Run m = memo;
        if (m != null) {
            m.put(store, folder, index);
        }
    }

    @Override
    public String loadSettled(String channel, String boxname) {
        return indexCache.loadSettled(channel, boxname);
    }

    @Override
    public void saveSettled(String channel, String boxname, String inputs) {
        indexCache.saveSettled(channel, boxname, inputs);
    }

    /** Work on the connection that either commits whole or not at all. */
    private interface TransactionWork {
        void run() throws SQLException;
    }

    private void inTransaction(String what, TransactionWork work) throws MsinfoException {
        if (readOnly) {
            throw new IllegalStateException("msinfo " + file + " is open read-only");
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
            throw MsinfoProblems.failure("cannot write msinfo " + file + " " + what, file, e);
        }
    }

    /** Forgets a folder pair (used when {@code -D} removed it on both sides). */
    @Override
    public synchronized void forget(String channel, String boxname) throws MsinfoException {
        if (readOnly) {
            throw new IllegalStateException("msinfo " + file + " is open read-only");
        }
        try {
            rows.forget(channel, boxname);
        } catch (SQLException e) {
            throw MsinfoProblems.failure("cannot write msinfo " + file, file, e);
        }
    }

    @Override
    public synchronized void close() {
        IndexCacheMemo.Run m = memo;
        memo = null;
        if (m != null) {
            m.end();
        }
        indexCache.close();
        if (connection != null) {
            boolean clean = !readOnly;
            try (Statement st = connection.createStatement()) {
                if (!readOnly) {
                    // Fold the WAL back so the msinfo is one self-contained file between runs.
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            } catch (SQLException e) {
                // closing anyway; the WAL is replayed on next open
                clean = false;
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing left to release
                clean = false;
            }
            Consumer<String> listener = closed;
            closed = null;
            String stamp = clean && listener != null ? MsinfoFile.closedStamp(file) : null;
            if (stamp != null) {
                listener.accept(stamp);
            }
        }
    }
}
