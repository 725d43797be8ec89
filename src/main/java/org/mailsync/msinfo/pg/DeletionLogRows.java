package org.mailsync.msinfo.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.Side;

/**
 * The deletion log's rows in {@code db/pg}: what each sync run moved to a trash. Run times are
 * kept to the millisecond, as the SQLite log keeps them, so that a state imported from SQLite
 * and one written here answer {@code since} alike.
 */
final class DeletionLogRows {

    private static final String COLUMNS = "id, run_id, run_at, channel, boxname, side, store_folder, identity,"
            + " trash_folder, trash_key, flags, internal_date";

    private final Connection connection;

    DeletionLogRows(Connection connection) {
        this.connection = connection;
    }

    void insert(Collection<DeletionRecord> records) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement("INSERT INTO deletion_log (run_id, run_at, channel,"
                + " boxname, side, store_folder, identity, trash_folder, trash_key, flags, internal_date)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DeletionRecord r : records) {
                ins.setString(1, r.runId());
                ins.setTimestamp(2, Timestamp.from(r.runAt().truncatedTo(ChronoUnit.MILLIS)));
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

    /** The channel's records of its latest run that deleted anything ({@code since} null), or of every run since; oldest first. */
    List<DeletionRecord> select(String channel, Instant since) throws SQLException {
        String where = since == null
                ? "channel = ? AND run_id = (SELECT run_id FROM deletion_log WHERE channel = ? ORDER BY run_at DESC, id DESC LIMIT 1)"
                : "channel = ? AND run_at >= ?";
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM deletion_log WHERE " + where
                + " ORDER BY run_at, id")) {
            ps.setString(1, channel);
            if (since == null) {
                ps.setString(2, channel);
            } else {
                ps.setTimestamp(2, Timestamp.from(since.truncatedTo(ChronoUnit.MILLIS)));
            }
            return read(ps);
        }
    }

    /** The channel's records of runs that started before {@code cutoff}. */
    List<DeletionRecord> before(String channel, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM deletion_log"
                + " WHERE channel = ? AND run_at < ? ORDER BY run_at, id")) {
            ps.setString(1, channel);
            ps.setTimestamp(2, Timestamp.from(cutoff.truncatedTo(ChronoUnit.MILLIS)));
            return read(ps);
        }
    }

    /** Drops records by id, in one statement. */
    void delete(Collection<Long> ids) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM deletion_log WHERE id = ANY (?)")) {
            java.sql.Array array = connection.createArrayOf("bigint", ids.toArray());
            try {
                del.setArray(1, array);
                del.executeUpdate();
            } finally {
                array.free();
            }
        }
    }

    /** Drops the channel's whole log (an import replaces it). */
    void deleteChannel(String channel) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM deletion_log WHERE channel = ?")) {
            del.setString(1, channel);
            del.executeUpdate();
        }
    }

    private static List<DeletionRecord> read(PreparedStatement ps) throws SQLException {
        List<DeletionRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String date = rs.getString(12);
                out.add(new DeletionRecord(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                        rs.getString(5), Side.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), FlagState.parse(rs.getString(11)), date == null ? null : Instant.parse(date)));
            }
        }
        return out;
    }
}
