package org.mailsync.msinfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.mailsync.sync.RememberedFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * msinfo: per channel and boxname, the identities present on both sides at the end of the
 * last sync, kept in SQLite. Each folder pair is replaced in one IMMEDIATE transaction, so a
 * crash leaves either the old set or the new one, and concurrent runs wait for each other
 * (busy timeout) rather than fail. The schema is versioned with Flyway
 * ({@code db/msinfo/V*.sql}).
 *
 * <p>A repository opened {@linkplain #openReadOnly(Path) read-only} never creates or changes
 * the file: simulation and diff mode use it.
 */
public final class MsinfoRepository implements SyncState {

    private static final Logger LOG = LoggerFactory.getLogger(MsinfoRepository.class);

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
        if (closedAs != null && closedAs.equals(closedStamp(file))) {
            try {
                return new MsinfoRepository(file, dataSource(file, false, false).getConnection(), false);
            } catch (SQLException | RuntimeException e) {
                throw failure("cannot open msinfo " + file, file, e);
            }
        }
        return openChecked(file, notes);
    }

    private static MsinfoRepository openChecked(Path file, PrintStream notes) throws MsinfoException {
        try {
            boolean missing = !Files.exists(file);
            if ((missing || Files.isRegularFile(file) && Files.size(file) == 0)
                    && Files.isDirectory(file.toAbsolutePath().getParent())) {
                // an empty file is no database either (ours never is: it is made whole beside)
                setAsideLeftovers(file, missing ? "is missing" : "is empty", notes);
            }
            if (missing) {
                createAtomically(file);
            } else {
                checkAccess(file);
                verify(file, dataSource(file, true, false));
            }
            createPrivately(file);
            SQLiteDataSource dataSource = dataSource(file, false, false);
            if (!isCurrent(dataSource)) {
                migrate(dataSource);
            }
            return new MsinfoRepository(file, dataSource.getConnection(), false);
        } catch (IOException e) {
            throw new MsinfoException("cannot open msinfo " + file + ": " + MsinfoProblems.reason(e, file), e);
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot open msinfo " + file, file, e);
        }
    }

    /** {@link #open(Path, PrintStream)}, with notes going to the log. */
    public static MsinfoRepository open(Path file) throws MsinfoException {
        return open(file, null);
    }

    /**
     * The newest schema version in {@code db/msinfo}. Flyway (and the Jackson it brings) costs
     * about half a second of start-up, so a database already at this version skips it; a test
     * keeps this constant equal to the newest migration file.
     */
    static final String SCHEMA_VERSION = "3";

    /** Brings a database to the newest schema of {@code db/msinfo}. */
    private static void migrate(SQLiteDataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/msinfo")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /** Whether Flyway's history says the database is already at {@link #SCHEMA_VERSION}. */
    private static boolean isCurrent(SQLiteDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet tables = st.executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
            if (!tables.next() || tables.getInt(1) == 0) {
                return false;
            }
            try (ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1"
                    + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                return rs.next() && SCHEMA_VERSION.equals(rs.getString(1));
            }
        }
    }

    /**
     * Opens msinfo for reading only. A file that does not exist yet reads as empty and is not
     * created (nor is anything beside it moved).
     */
    public static MsinfoRepository openReadOnly(Path file) throws MsinfoException {
        if (!Files.exists(file)) {
            return new MsinfoRepository(file, null, true);
        }
        try {
            SQLiteDataSource dataSource = dataSource(file, true, true);
            verifyUnlocked(file, dataSource);
            return new MsinfoRepository(file, dataSource.getConnection(), true);
        } catch (SQLException e) {
            throw failure("cannot read msinfo " + file, file, e);
        }
    }

    private static SQLiteDataSource dataSource(Path file, boolean readOnly) {
        return dataSource(file, readOnly, readOnly);
    }

    /**
     * @param immutable with {@code readOnly}: read the main file only, creating no -wal or -shm
     *                  (simulation); without it, a read-only connection that sees the WAL and
     *                  never checkpoints it into the file
     */
    private static SQLiteDataSource dataSource(Path file, boolean readOnly, boolean immutable) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds;
        if (readOnly && immutable) {
            // immutable: a reader of a WAL database would otherwise create -wal and -shm files,
            // and a simulation must leave every file as it was. Writers checkpoint on close, so
            // the main file holds the last committed state.
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1");
        } else if (readOnly) {
            config.setReadOnly(true);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        }
        return ds;
    }

    /**
     * Fails with the damaged-msinfo error unless SQLite's {@code quick_check} (every page read,
     * every b-tree walked: about 0.1 s for a 13 MB msinfo of 200,000 messages, a few ms for a
     * usual one) finds the database sound. Run on a read-only connection: one that writes would
     * fold a WAL into a damaged file on close.
     */
    private static void verify(Path file, SQLiteDataSource readOnly) throws MsinfoException {
        String problem = null;
        try (Connection c = readOnly.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
            // one row "ok", or the problems found (after a "*** in database main ***" heading)
            while (rs.next()) {
                String line = String.valueOf(rs.getString(1));
                if (line.equals("ok")) {
                    break;
                }
                problem = line;
                if (!line.startsWith("***")) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw failure("cannot read msinfo " + file, file, e);
        }
        if (problem != null) {
            throw damaged(file, "SQLite's check: " + problem);
        }
    }

    /**
     * {@link #verify} for a reader that holds no channel lock (simulation, diff mode): a run's
     * checkpoint may rewrite the file while an immutable connection reads it, which can look
     * like damage. Only a check of a file that stayed as it was counts.
     */
    private static void verifyUnlocked(Path file, SQLiteDataSource immutable) throws MsinfoException {
        for (int attempt = 1; ; attempt++) {
            String before = stamp(file);
            try {
                verify(file, immutable);
                return;
            } catch (MsinfoException e) {
                if (attempt == 3 || before.equals(stamp(file))) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MsinfoException("interrupted while reading msinfo " + file, e);
            }
        }
    }

    /**
     * What a file is now, to tell whether it is still as a repository left it: its identity,
     * size and modification time; null when it cannot be read or has a WAL with anything in it
     * (then someone else has it open, or left work in it).
     */
    private static String closedStamp(Path file) {
        try {
            Path wal = sibling(file, "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                return null;
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() + " " + a.size() + " " + a.lastModifiedTime().toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String stamp(Path file) {
        try {
            return Files.size(file) + "@" + Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The error for a database SQLite says is not sound, with the way out. */
    static MsinfoException damaged(Path file, String detail) {
        return new MsinfoException("msinfo " + file + " is damaged (" + detail + "). To recover, delete it or move it aside"
                + " (its -wal and -shm may stay; they are set aside, not applied): " + MsinfoProblems.FIRST_RUN + ".");
    }

    /**
     * An SQL failure as an error naming the file: the damaged-msinfo error if SQLite found the
     * database corrupt or not a database at all, the reason and the way out if it could not be
     * opened or written for want of permission.
     */
    private static MsinfoException failure(String what, Path file, Throwable e) {
        SQLiteErrorCode code = null;
        for (Throwable t = e; t != null && code == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                code = sqlite.getResultCode();
            }
        }
        if (code != null) {
            String name = code.name();
            if (name.startsWith("SQLITE_CORRUPT") || code == SQLiteErrorCode.SQLITE_NOTADB) {
                MsinfoException damaged = damaged(file,
                        code == SQLiteErrorCode.SQLITE_NOTADB ? "not a database" : "database disk image is malformed");
                damaged.initCause(e);
                return damaged;
            }
            if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_CANTOPEN") || code == SQLiteErrorCode.SQLITE_PERM
                    || code == SQLiteErrorCode.SQLITE_AUTH) {
                return new MsinfoException(what + ": " + describe(e) + "; mailsync must be able to read and write it and to"
                        + " create " + file.getFileName() + "-wal and " + file.getFileName() + "-shm beside it", e);
            }
        }
        return new MsinfoException(what + ": " + describe(e), e);
    }

    /**
     * Files that need permissions root always has: a user's msinfo they cannot read or write
     * is named as such (SQLite would only say "unable to open database file", or open it
     * read-only and fail at the first commit).
     */
    private static void checkAccess(Path file) throws MsinfoException {
        Path dir = file.toAbsolutePath().getParent();
        String denied = !Files.isReadable(file) || !Files.isWritable(file) ? file.toString()
                : dir != null && !Files.isWritable(dir) ? "its directory " + dir : null;
        if (denied != null) {
            throw new MsinfoException("cannot open msinfo " + file + ": permission denied on " + denied + "; mailsync must be"
                    + " able to read and write it and to create " + file.getFileName() + "-wal and " + file.getFileName()
                    + "-shm beside it (or, to start afresh, move it aside: " + MsinfoProblems.FIRST_RUN + ")");
        }
    }

    /**
     * Moves aside what a database that is gone left beside its path: a non-empty {@code -wal}
     * (with its {@code -shm}) or {@code -journal} would otherwise be applied to the new
     * database. Empty ones hold nothing and are removed.
     */
    private static void setAsideLeftovers(Path file, String state, PrintStream notes) throws IOException {
        Path wal = sibling(file, "-wal");
        Path shm = sibling(file, "-shm");
        Path journal = sibling(file, "-journal");
        List<Path> aside = new ArrayList<>();
        if (Files.isRegularFile(wal) && Files.size(wal) > 0) {
            aside.add(wal);
            if (Files.exists(shm)) {
                aside.add(shm);
            }
        } else {
            Files.deleteIfExists(wal);
            Files.deleteIfExists(shm);
        }
        if (Files.isRegularFile(journal) && Files.size(journal) > 0) {
            aside.add(journal);
        } else {
            Files.deleteIfExists(journal);
        }
        if (aside.isEmpty()) {
            return;
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        List<String> moved = new ArrayList<>();
        for (Path leftover : aside) {
            Path target = sibling(leftover, ".stale-" + stamp);
            for (int n = 2; Files.exists(target, LinkOption.NOFOLLOW_LINKS); n++) {
                target = sibling(leftover, ".stale-" + stamp + "-" + n);
            }
            Files.move(leftover, target);
            moved.add(target.toString());
        }
        String note = "Note: msinfo " + file + " " + state + " but " + aside.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(" and ")) + " of a database that is gone " + (aside.size() == 1 ? "was" : "were")
                + " still beside it; moved aside unapplied to " + String.join(", ", moved)
                + "; a new state is started (a first run: copies only, no deletions)";
        if (notes != null) {
            notes.println(note);
        } else {
            LOG.warn(note);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** msinfo holds what the user has in their mailboxes: only they may read it. */
    private static void createAtomically(Path file) throws IOException, SQLException {
        Path name = file.getFileName();
        Path scratch = file.resolveSibling("." + name + ".new-" + ProcessHandle.current().pid());
        deleteWithLeftovers(scratch);
        try {
            createPrivately(scratch);
            migrate(dataSource(scratch, false));
            if (!Files.exists(file)) {
                Files.move(scratch, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteWithLeftovers(scratch);
        }
    }

    /** A scratch database (of this run, or of a dead process that had our pid) and its journals. */
    private static void deleteWithLeftovers(Path scratch) throws IOException {
        Files.deleteIfExists(scratch);
        Files.deleteIfExists(sibling(scratch, "-wal"));
        Files.deleteIfExists(sibling(scratch, "-shm"));
        Files.deleteIfExists(sibling(scratch, "-journal"));
    }

    private static void createPrivately(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // an existing msinfo keeps the mode its owner gave it
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
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
            throw failure("cannot read msinfo " + file, file, e);
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
            throw failure("cannot write msinfo " + file + " " + what, file, e);
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
            throw failure("cannot write msinfo " + file, file, e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
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
            String stamp = clean && listener != null ? closedStamp(file) : null;
            if (stamp != null) {
                listener.accept(stamp);
            }
        }
    }
}
