package org.mailsync.migrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A migration's own state, one SQLite file per source and target (mode 0600, WAL): every copy
 * it made ({@code copied}: source folder and key, content digest, target folder and key, when),
 * and the content digest of every message it read on either side ({@code digest}, by side,
 * folder and key, valid while the message's size and internal date are unchanged), so that a
 * rerun reads only messages it has not seen. The state makes reruns cheap and reports what was
 * copied; it never decides alone that a message is there: each run indexes the target first.
 * Safe for use by several threads (every method takes the object's lock).
 */
public final class MigrateState implements AutoCloseable {

    /** The schema version, in {@code PRAGMA user_version}. */
    static final int VERSION = 1;

    /** The side of a migration a digest was read on. */
    public enum Role {
        /** The store copied from. */
        SOURCE,
        /** The store copied to. */
        TARGET
    }

    /**
     * A digest the state remembers for a message.
     *
     * @param size   the message's size when it was read
     * @param date   its internal date then (epoch milliseconds, -1 for none)
     * @param digest its {@link org.mailsync.identity.ContentDigest}
     */
    public record CachedDigest(long size, long date, String digest) {

        /** Whether it still holds for a message of this size and internal date. */
        public boolean matches(long otherSize, Instant otherDate) {
            return size == otherSize && date == millis(otherDate);
        }
    }

    private final Path file;
    private Connection connection;

    private MigrateState(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating with mode 0600 if needed) the state file. */
    public static MigrateState open(Path file) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made in between: fine
                }
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(5000);
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            Connection c = ds.getConnection();
            try (Statement st = c.createStatement()) {
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version == 0) {
                    st.execute("CREATE TABLE IF NOT EXISTS copied (source_folder TEXT NOT NULL, source_key TEXT NOT NULL,"
                            + " digest TEXT NOT NULL, target_folder TEXT NOT NULL, target_key TEXT, copied_at TEXT NOT NULL)");
                    st.execute("CREATE INDEX IF NOT EXISTS copied_by_folder ON copied (source_folder)");
                    st.execute("CREATE TABLE IF NOT EXISTS digest (role TEXT NOT NULL, folder TEXT NOT NULL,"
                            + " message_key TEXT NOT NULL, size INTEGER NOT NULL, date INTEGER NOT NULL, digest TEXT NOT NULL,"
                            + " PRIMARY KEY (role, folder, message_key))");
                    st.execute("PRAGMA user_version = " + VERSION);
                } else if (version != VERSION) {
                    c.close();
                    throw new IOException("migration state " + file + " has schema version " + version + ", not " + VERSION
                            + " (made by another version of mailsync?); move it aside to start afresh");
                }
            }
            return new MigrateState(file, c);
        } catch (SQLException e) {
            throw new IOException("cannot open the migration state " + file + ": " + e.getMessage(), e);
        }
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /** The digests remembered for the messages of a folder on one side, by message key. */
    public synchronized Map<String, CachedDigest> digests(Role role, String folder) throws IOException {
        Map<String, CachedDigest> digests = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT message_key, size, date, digest FROM digest WHERE role = ? AND folder = ?")) {
            ps.setString(1, role.name());
            ps.setString(2, folder);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    digests.put(rs.getString(1), new CachedDigest(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
            return digests;
        } catch (SQLException e) {
            throw failure("reading", e);
        }
    }

    /** Remembers the digest of a message read on one side. */
    public synchronized void rememberDigest(Role role, String folder, String key, long size, Instant date, String digest)
            throws IOException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT OR REPLACE INTO digest (role, folder, message_key, size, date, digest) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, role.name());
            ps.setString(2, folder);
            ps.setString(3, key);
            ps.setLong(4, size);
            ps.setLong(5, millis(date));
            ps.setString(6, digest);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("writing", e);
        }
    }

    /**
     * Records a copy: the source message, its digest, and where it went; with its source
     * digest remembered in the same transaction.
     */
    public synchronized void copied(String sourceFolder, String sourceKey, long size, Instant date, String digest,
                                    String targetFolder, String targetKey) throws IOException {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO copied (source_folder, source_key, digest,"
                    + " target_folder, target_key, copied_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, sourceFolder);
                ps.setString(2, sourceKey);
                ps.setString(3, digest);
                ps.setString(4, targetFolder);
                ps.setString(5, targetKey);
                ps.setString(6, Instant.now().toString());
                ps.executeUpdate();
            }
            rememberDigest(Role.SOURCE, sourceFolder, sourceKey, size, date, digest);
            connection.commit();
        } catch (SQLException | IOException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the transaction is gone with the connection
            }
            throw e instanceof IOException io ? io : failure("writing", (SQLException) e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // next use fails and says so
            }
        }
    }

    /** How many copies out of a source folder the state records, over every run. */
    public synchronized int copiedCount(String sourceFolder) throws IOException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM copied WHERE source_folder = ?")) {
            ps.setString(1, sourceFolder);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failure("reading", e);
        }
    }

    /** Folds the WAL back and closes; never throws. */
    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException ignored) {
            // replayed on next open
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
        connection = null;
    }

    @Override
    public String toString() {
        return "migration state " + file;
    }

    private IOException failure(String doing, SQLException e) {
        return new IOException(doing + " the migration state " + file + ": " + e.getMessage(), e);
    }

    static long millis(Instant date) {
        return date == null ? -1 : date.toEpochMilli();
    }
}
