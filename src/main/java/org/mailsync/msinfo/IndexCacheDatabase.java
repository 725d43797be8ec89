package org.mailsync.msinfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index cache's own SQLite file beside the msinfo ({@code <msinfo>.index-cache}, mode
 * 0600). It is kept apart from the msinfo on purpose: the msinfo is the record the three-way
 * rule trusts, small, checked whole on every open and never thrown away; the cache holds a few
 * hundred bytes per message of every folder (tens of MB for 100,000 messages), is only a hint
 * that the stores re-validate, and so is never checked, and is deleted and rebuilt when it
 * cannot be read or was written by another schema. Losing it costs one slower run.
 *
 * <p>Opened lazily, on the first folder a run looks up. Read-only runs read it without
 * creating it or any file beside it.
 */
final class IndexCacheDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCacheDatabase.class);

    /**
     * The schema version, in {@code PRAGMA user_version}; a file with another is rebuilt.
     * 2: messages keep their keywords (a file of 1 has none, and would pass its messages off
     * as keyword-less).
     */
    static final int VERSION = 2;

    private static final String[] SCHEMA = {
        // each store folder's snapshot at the end of the last sync
        "CREATE TABLE folder_snapshot (id INTEGER PRIMARY KEY, store TEXT NOT NULL, folder TEXT NOT NULL,"
                + " validity TEXT, saved_at TEXT NOT NULL, UNIQUE (store, folder))",
        // its messages in the folder's order (seq ascending, not dense)
        "CREATE TABLE snapshot_message (snapshot_id INTEGER NOT NULL REFERENCES folder_snapshot (id)"
                + " ON DELETE CASCADE, msg_key TEXT NOT NULL, seq INTEGER NOT NULL, stamp TEXT, size INTEGER NOT NULL,"
                + " flags TEXT NOT NULL, date_seconds INTEGER, date_nanos INTEGER, header BLOB NOT NULL, digest TEXT,"
                + " keywords TEXT NOT NULL DEFAULT '', PRIMARY KEY (snapshot_id, msg_key)) WITHOUT ROWID",
        // folder pairs whose last plan was empty, with a digest of what that plan was made from
        "CREATE TABLE settled_pair (channel TEXT NOT NULL, boxname TEXT NOT NULL, inputs TEXT NOT NULL,"
                + " PRIMARY KEY (channel, boxname)) WITHOUT ROWID",
    };

    private final Path file;
    private final boolean readOnly;
    private Connection connection;
    private boolean unusable;

    private IndexCacheDatabase(Path file, boolean readOnly) {
        this.file = file;
        this.readOnly = readOnly;
    }

    /** The cache beside an msinfo database. */
    static IndexCacheDatabase beside(Path msinfo, boolean readOnly) {
        return new IndexCacheDatabase(msinfo.resolveSibling(msinfo.getFileName() + ".index-cache"), readOnly);
    }

    /** The cache file. */
    Path file() {
        return file;
    }

    /** A folder's cached index, or null (none kept, or the cache is unreadable). */
    synchronized CachedIndex load(String store, String folder) {
        return read(c -> new SnapshotTable(c).load(store, folder));
    }

    /** Keeps a folder's cached index in one transaction; a cache that cannot be written is discarded. */
    synchronized void save(String store, String folder, CachedIndex index) {
        write(c -> {
            SnapshotTable table = new SnapshotTable(c);
            CachedIndex previous = table.load(store, folder);
            c.setAutoCommit(false);
            try {
                table.save(store, folder, index, previous);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** The inputs digest a pair last settled with ({@link SyncState#loadSettled}), or null. */
    synchronized String loadSettled(String channel, String boxname) {
        return read(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT inputs FROM settled_pair WHERE channel = ? AND boxname = ?")) {
                st.setString(1, channel);
                st.setString(2, boxname);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Records (inputs non-null) or forgets (null) that a pair settled; see {@link SyncState#saveSettled}. */
    synchronized void saveSettled(String channel, String boxname, String inputs) {
        write(c -> {
            String sql = inputs == null ? "DELETE FROM settled_pair WHERE channel = ? AND boxname = ?"
                    : "INSERT OR REPLACE INTO settled_pair (channel, boxname, inputs) VALUES (?, ?, ?)";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, channel);
                st.setString(2, boxname);
                if (inputs != null) {
                    st.setString(3, inputs);
                }
                st.executeUpdate();
            }
        });
    }

    /** Work on the cache's connection. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work that only writes. */
    private interface WriteWork {
        void run(Connection c) throws SQLException;
    }

    /** A read of the cache: null when there is none or it is unreadable (then it is discarded). */
    private <T> T read(Work<T> work) {
        try {
            Connection c = connection();
            return c == null ? null : work.run(c);
        } catch (SQLException | RuntimeException e) {
            discard(e);
            return null;
        }
    }

    /** A write to the cache; one that fails discards the cache (it is a hint, never an error). */
    private void write(WriteWork work) {
        if (readOnly) {
            throw new IllegalStateException("the index cache " + file + " is open read-only");
        }
        try {
            Connection c = connection();
            if (c != null) {
                work.run(c);
            }
        } catch (SQLException | RuntimeException e) {
            discard(e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection != null || unusable) {
            return connection;
        }
        boolean exists = Files.exists(file);
        if (readOnly && !exists) {
            return null;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds;
        if (readOnly) {
            // as for msinfo in a simulation: no -wal or -shm may appear
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1");
        } else {
            if (!exists) {
                createPrivately();
            }
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        }
        connection = ds.getConnection();
        int version;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version != VERSION) {
            if (readOnly) {
                closeQuietly();
                unusable = true;
                return null;
            }
            rebuild(version);
        }
        return connection;
    }

    private void rebuild(int version) throws SQLException {
        try (Statement st = connection.createStatement()) {
            if (version != 0) {
                LOG.debug("index cache {}: schema {} is not {}, rebuilt", file, version, VERSION);
            }
            st.execute("DROP TABLE IF EXISTS settled_pair");
            st.execute("DROP TABLE IF EXISTS snapshot_message");
            st.execute("DROP TABLE IF EXISTS folder_snapshot");
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
            st.execute("PRAGMA user_version = " + VERSION);
        }
    }

    private void createPrivately() throws SQLException {
        try {
            // a WAL left by a cache that was deleted would be replayed into the new one
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made in between: fine
        } catch (IOException | UnsupportedOperationException e) {
            throw new SQLException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives up the cache for this run and, when writing, removes it: an unreadable or
     * unwritable cache would only slow every later run down. The sync goes on without it.
     */
    private void discard(Exception e) {
        LOG.warn("index cache {} not usable ({}); {}", file, e.getMessage(),
                readOnly ? "not used" : "removed, the next sync rebuilds it");
        closeQuietly();
        unusable = true;
        if (!readOnly) {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                try {
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
                } catch (IOException ignored) {
                    // left for the next run to try again
                }
            }
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
            connection = null;
        }
    }

    /** Folds the WAL back (when writing) and closes; never throws. */
    @Override
    public synchronized void close() {
        if (connection != null && !readOnly) {
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException ignored) {
                // replayed on next open
            }
        }
        closeQuietly();
    }
}
