package org.mailsync.msinfo.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections to a state database and its schema. The schema is brought up to date with Flyway
 * ({@code db/pg}) the first time this JVM opens a URL for writing; Flyway takes PostgreSQL's own
 * lock while it migrates, so nodes starting at once do not race. Its history table is named
 * {@value #HISTORY} so that a database shared with another Flyway user keeps the two apart.
 */
final class PostgresDatabase {

    /** Flyway's history table of the state schema. */
    static final String HISTORY = "mailsync_schema_history";

    /** The URLs this JVM has migrated (a daemon opens a state per run; Flyway's checks cost queries). */
    private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();

    private PostgresDatabase() {
    }

    /** A data source for the URL, with the password given apart from it (see {@link StateUrl}). */
    static PGSimpleDataSource dataSource(StateUrl url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.url());
        if (url.password() != null) {
            ds.setPassword(url.password());
        }
        ds.setApplicationName("mailsync");
        // a pair's identities and a folder's cache are written as JDBC batches: sent as multi-row
        // INSERTs, 100,000 rows are one round trip per few hundred rows, not one per row
        ds.setReWriteBatchedInserts(true);
        if (ds.getConnectTimeout() == 0) {
            ds.setConnectTimeout(10); // seconds: an unreachable server is an error, not a hang
        }
        return ds;
    }

    /** Brings the database to the newest schema of {@code db/pg}, once per URL and JVM. */
    static void migrate(PGSimpleDataSource dataSource, StateUrl url) {
        if (MIGRATED.contains(url.url())) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/pg")
                .table(HISTORY)
                .loggers("slf4j")
                .load()
                .migrate();
        MIGRATED.add(url.url());
    }

    /** Whether the schema exists at all (a read-only state of a database nobody wrote yet reads as empty). */
    static boolean hasSchema(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "folder_pair");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Takes the channel's session advisory lock without waiting: held until it is released or
     * the connection ends (a dead node's lock goes with its connection). The key is a 64-bit
     * hash of the channel's name, so that channels of one database lock one another only by a
     * hash collision, which would make a run refused, never let two runs in at once.
     *
     * @return whether it was free
     */
    static boolean tryLock(Connection c, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Who holds the channel's lock, as far as the server tells ({@code pid 4242 from 10.0.0.5}), or null. */
    static String lockHolder(Connection c, String channel) {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.pid, a.client_addr, a.application_name FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended(?, 0) LIMIT 1")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String addr = rs.getString(2);
                return "server backend pid " + rs.getInt(1) + (addr == null ? " (local)" : " from " + addr);
            }
        } catch (SQLException e) {
            return null; // the refusal matters, not who holds it
        }
    }

    /** Releases the channel's advisory lock (closing the connection would too). */
    static void unlock(Connection c, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            ps.setString(1, channel);
            ps.execute();
        }
    }
}
