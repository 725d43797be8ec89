package org.mailsync.msinfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.mailsync.sync.FlagState;
import org.mailsync.sync.Side;

/**
 * The rows of the deletion log ({@code db/msinfo/V3__deletion_log.sql}): what each sync run
 * moved to a trash. Plain SQL on a connection, like {@link PairTable}; {@link MsinfoRepository}
 * owns the transactions.
 */
final class DeletionLogTable {

    /**
     * Run times are written with a fixed width (milliseconds, UTC), so that comparing the text
     * compares the times: {@code Instant.toString()} drops zero fractions, and "...:02Z" would
     * sort after "...:02.5Z".
     */
    private static final java.time.format.DateTimeFormatter RUN_AT = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private static final String COLUMNS = "id, run_id, run_at, channel, boxname, side, store_folder, identity,"
            + " trash_folder, trash_key, flags, internal_date";

    private final Connection connection;
    private Boolean present;

    DeletionLogTable(Connection connection) {
        this.connection = connection;
    }

    void insert(Collection<DeletionRecord> records) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement("INSERT INTO deletion_log (run_id, run_at, channel,"
                + " boxname, side, store_folder, identity, trash_folder, trash_key, flags, internal_date)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DeletionRecord r : records) {
                ins.setString(1, r.runId());
                ins.setString(2, RUN_AT.format(r.runAt()));
                ins.setString(3, r.channel());
                ins.setString(4, r.boxname());
                ins.setString(5, r.side().name());
                ins.setString(6, r.storeFolder());
                ins.setString(7, r.identity());
                ins.setString(8, r.trashFolder());
                ins.setString(9, r.trashKey());
                ins.setString(10, r.flags().encode());
                ins.setString(11, r.internalDate() == null ? null : r.internalDate().toString());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    /**
     * The channel's records of its most recent run that deleted anything ({@code since} null),
     * or of every run that started at or after {@code since}; oldest first.
     */
    List<DeletionRecord> select(String channel, Instant since) throws SQLException {
        if (!present()) {
            return List.of(); // a read-only database of an older schema: nothing was logged
        }
        String where = since == null
                ? "channel = ? AND run_id = (SELECT run_id FROM deletion_log WHERE channel = ? ORDER BY run_at DESC, id DESC LIMIT 1)"
                : "channel = ? AND run_at >= ?";
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM deletion_log WHERE " + where
                + " ORDER BY run_at, id")) {
            ps.setString(1, channel);
            ps.setString(2, since == null ? channel : RUN_AT.format(since));
            return read(ps);
        }
    }

    /** The channel's records of runs that started before {@code cutoff}; oldest first. */
    List<DeletionRecord> before(String channel, Instant cutoff) throws SQLException {
        if (!present()) {
            return List.of();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM deletion_log"
                + " WHERE channel = ? AND run_at < ? ORDER BY run_at, id")) {
            ps.setString(1, channel);
            ps.setString(2, RUN_AT.format(cutoff));
            return read(ps);
        }
    }

    void delete(Collection<Long> ids) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM deletion_log WHERE id = ?")) {
            for (long id : ids) {
                del.setLong(1, id);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    private static List<DeletionRecord> read(PreparedStatement ps) throws SQLException {
        List<DeletionRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String date = rs.getString(12);
                out.add(new DeletionRecord(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                        rs.getString(5), Side.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), FlagState.parse(rs.getString(11)), date == null ? null : Instant.parse(date)));
            }
        }
        return out;
    }

    /** Whether the table exists (a database opened read-only may still be of schema 2). */
    private boolean present() throws SQLException {
        if (present == null) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'deletion_log'")) {
                present = rs.next() && rs.getInt(1) == 1;
            }
        }
        return present;
    }
}
