package org.mailsync.msinfo;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
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

    private final Path file;
    private final Connection connection;
    private final boolean readOnly;

    private MsinfoRepository(Path file, Connection connection, boolean readOnly) {
        this.file = file;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    /**
     * Opens (creating with mode 0600 and migrating if needed) the msinfo database at a path. A
     * new database is built beside it and moved into place whole, so that the path never holds
     * an empty or half-made file (which would read as the original mailsync's msinfo).
     */
    public static MsinfoRepository open(Path file) throws MsinfoException {
        try {
            if (!Files.exists(file)) {
                createAtomically(file);
            }
            createPrivately(file);
            SQLiteDataSource dataSource = dataSource(file, false);
            if (!isCurrent(dataSource)) {
                Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/msinfo")
                        .loggers("slf4j")
                        .load()
                        .migrate();
            }
            return new MsinfoRepository(file, dataSource.getConnection(), false);
        } catch (IOException | SQLException | RuntimeException e) {
            throw new MsinfoException("cannot open msinfo " + file + ": " + describe(e), e);
        }
    }

    /**
     * The newest schema version in {@code db/msinfo}. Flyway (and the Jackson it brings) costs
     * about half a second of start-up, so a database already at this version skips it; a test
     * keeps this constant equal to the newest migration file.
     */
    static final String SCHEMA_VERSION = "1";

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
     * created.
     */
    public static MsinfoRepository openReadOnly(Path file) throws MsinfoException {
        if (!Files.exists(file)) {
            return new MsinfoRepository(file, null, true);
        }
        try {
            return new MsinfoRepository(file, dataSource(file, true).getConnection(), true);
        } catch (SQLException e) {
            throw new MsinfoException("cannot read msinfo " + file + ": " + describe(e), e);
        }
    }

    private static SQLiteDataSource dataSource(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds;
        if (readOnly) {
            // immutable: a reader of a WAL database would otherwise create -wal and -shm files,
            // and a simulation must leave every file as it was. Writers checkpoint on close, so
            // the main file holds the last committed state.
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1");
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        }
        return ds;
    }

    /** msinfo holds what the user has in their mailboxes: only they may read it. */
    private static void createAtomically(Path file) throws IOException, SQLException {
        Path name = file.getFileName();
        Path scratch = file.resolveSibling("." + name + ".new-" + ProcessHandle.current().pid());
        Files.deleteIfExists(scratch);
        try {
            createPrivately(scratch);
            Flyway.configure()
                    .dataSource(dataSource(scratch, false))
                    .locations("classpath:db/msinfo")
                    .loggers("slf4j")
                    .load()
                    .migrate();
            if (!Files.exists(file)) {
                Files.move(scratch, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(scratch);
            Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + "-wal"));
            Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + "-shm"));
        }
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
    public Set<String> boxnames(String channel) throws MsinfoException {
        Set<String> names = new LinkedHashSet<>();
        if (connection == null) {
            return names;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT boxname FROM folder_pair WHERE channel = ? ORDER BY boxname")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new MsinfoException("cannot read msinfo " + file + ": " + describe(e), e);
        }
    }

    /** The identities on both sides of a folder pair at the end of its last sync (empty if never synced). */
    @Override
    public Set<String> load(String channel, String boxname) throws MsinfoException {
        Set<String> ids = new HashSet<>();
        if (connection == null) {
            return ids;
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT i.identity FROM pair_identity i JOIN folder_pair p ON p.id = i.pair_id"
                        + " WHERE p.channel = ? AND p.boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new MsinfoException("cannot read msinfo " + file + ": " + describe(e), e);
        }
    }

    /** Replaces a folder pair's identities in one transaction. */
    @Override
    public void replace(String channel, String boxname, Collection<String> identities) throws MsinfoException {
        inTransaction("for " + channel + "/" + boxname, () -> {
            long pairId = pairId(channel, boxname);
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM pair_identity WHERE pair_id = ?")) {
                del.setLong(1, pairId);
                del.executeUpdate();
            }
            insertIdentities(pairId, identities);
        });
    }

    /**
     * Replaces every folder pair of a channel with the given ones in one transaction: used to
     * take over the state of the original mailsync, so that a failure leaves the old state.
     */
    @Override
    public void replaceChannel(String channel, Map<String, ? extends Collection<String>> folders) throws MsinfoException {
        inTransaction("for channel " + channel, () -> {
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM folder_pair WHERE channel = ?")) {
                del.setString(1, channel);
                del.executeUpdate();
            }
            for (Map.Entry<String, ? extends Collection<String>> folder : folders.entrySet()) {
                insertIdentities(pairId(channel, folder.getKey()), folder.getValue());
            }
        });
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
            throw new MsinfoException("cannot write msinfo " + file + " " + what + ": " + describe(e), e);
        }
    }

    private void insertIdentities(long pairId, Collection<String> identities) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT OR IGNORE INTO pair_identity (pair_id, identity) VALUES (?, ?)")) {
            for (String id : identities) {
                ins.setLong(1, pairId);
                ins.setString(2, id);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    /** Forgets a folder pair (used when {@code -D} removed it on both sides). */
    @Override
    public void forget(String channel, String boxname) throws MsinfoException {
        if (readOnly) {
            throw new IllegalStateException("msinfo " + file + " is open read-only");
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM folder_pair WHERE channel = ? AND boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new MsinfoException("cannot write msinfo " + file + ": " + describe(e), e);
        }
    }

    private long pairId(String channel, String boxname) throws SQLException {
        try (PreparedStatement up = connection.prepareStatement(
                "INSERT INTO folder_pair (channel, boxname, synced_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (channel, boxname) DO UPDATE SET synced_at = excluded.synced_at")) {
            up.setString(1, channel);
            up.setString(2, boxname);
            up.setString(3, Instant.now().toString());
            up.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM folder_pair WHERE channel = ? AND boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
    public void close() {
        if (connection != null) {
            try (Statement st = connection.createStatement()) {
                if (!readOnly) {
                    // Fold the WAL back so the msinfo is one self-contained file between runs.
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            } catch (SQLException e) {
                // closing anyway; the WAL is replayed on next open
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing left to release
            }
        }
    }
}
