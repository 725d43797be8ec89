package org.mailsync.msinfo.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.msinfo.CachedIndex;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;

/**
 * The index cache ({@code folder_snapshot}, {@code snapshot_message}) and the settled pairs
 * ({@code settled_pair}) of {@code db/pg}, per channel. Like the SQLite cache, a save touches
 * only what changed when it can: when the new snapshot keeps the one this state last read or
 * wrote in its order and only adds at the end (new mail arrived, some was deleted, flags
 * changed), only the differing rows are written; otherwise the folder's rows are rewritten. What
 * was last read or written is known here because the channel's lock keeps every other writer
 * away while the state is open.
 */
final class IndexCacheRows {

    private final Connection connection;
    private final String channel;
    /** What the database holds of each folder this state read or wrote, by store and folder. */
    private final Map<List<String>, CachedIndex> known = new HashMap<>();

    IndexCacheRows(Connection connection, String channel) {
        this.connection = connection;
        this.channel = channel;
    }

    /** The folder's cached index, or null when none is kept. */
    CachedIndex load(String store, String folder) throws SQLException {
        long id;
        String validity;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, validity FROM folder_snapshot WHERE channel = ? AND store = ? AND folder = ?")) {
            ps.setString(1, channel);
            ps.setString(2, store);
            ps.setString(3, folder);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                id = rs.getLong(1);
                validity = rs.getString(2);
            }
        }
        List<FolderSnapshot.Entry> entries = new ArrayList<>();
        Map<String, String> digests = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT msg_key, stamp, size, flags, date_seconds, date_nanos, header, digest, keywords"
                        + " FROM snapshot_message WHERE snapshot_id = ? ORDER BY seq")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    long seconds = rs.getLong(5);
                    Instant date = rs.wasNull() ? null : Instant.ofEpochSecond(seconds, rs.getLong(6));
                    MessageMeta meta = new MessageMeta(key, rs.getLong(3), flags(strings(rs.getArray(4))), date,
                            rs.getBytes(7), new TreeSet<>(strings(rs.getArray(9))));
                    entries.add(new FolderSnapshot.Entry(meta, rs.getString(2)));
                    String digest = rs.getString(8);
                    if (digest != null) {
                        digests.put(key, digest);
                    }
                }
            }
        }
        CachedIndex index = new CachedIndex(new FolderSnapshot(validity, entries), digests);
        known.put(List.of(store, folder), index);
        return index;
    }

    /** Forgets what the database was known to hold: after a failed write, the next save rewrites. */
    void forgetKnown() {
        known.clear();
    }

    /** Replaces the folder's cached index (the caller's transaction). */
    void save(String store, String folder, CachedIndex index) throws SQLException {
        long id;
        try (PreparedStatement up = connection.prepareStatement(
                "INSERT INTO folder_snapshot (channel, store, folder, validity, saved_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (channel, store, folder) DO UPDATE SET validity = excluded.validity,"
                        + " saved_at = excluded.saved_at RETURNING id")) {
            up.setString(1, channel);
            up.setString(2, store);
            up.setString(3, folder);
            up.setString(4, index.snapshot().validity());
            up.setTimestamp(5, Timestamp.from(Instant.now()));
            try (ResultSet rs = up.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        CachedIndex previous = known.remove(List.of(store, folder));
        boolean incremental = previous != null && appendsOnly(previous, index);
        Map<String, Row> old = incremental ? rowsOf(previous) : Map.of();
        Map<String, Row> now = rowsOf(index);
        if (!incremental) {
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM snapshot_message WHERE snapshot_id = ?")) {
                del.setLong(1, id);
                del.executeUpdate();
            }
        } else {
            List<String> gone = old.keySet().stream().filter(k -> !now.containsKey(k)).toList();
            if (!gone.isEmpty()) {
                try (PreparedStatement del = connection.prepareStatement(
                        "DELETE FROM snapshot_message WHERE snapshot_id = ? AND msg_key = ANY (?)")) {
                    del.setLong(1, id);
                    del.setArray(2, connection.createArrayOf("text", gone.toArray()));
                    del.executeUpdate();
                }
            }
        }
        int seq = incremental ? maxSeq(id) : 0;
        try (PreparedStatement ins = connection.prepareStatement("INSERT INTO snapshot_message (stamp, size, flags,"
                + " date_seconds, date_nanos, header, digest, keywords, snapshot_id, msg_key, seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement upd = connection.prepareStatement("UPDATE snapshot_message SET stamp = ?, size = ?,"
                + " flags = ?, date_seconds = ?, date_nanos = ?, header = ?, digest = ?, keywords = ?"
                + " WHERE snapshot_id = ? AND msg_key = ?")) {
            for (FolderSnapshot.Entry entry : index.snapshot().entries()) {
                String key = entry.meta().key();
                Row before = old.get(key);
                if (before == null) {
                    bind(ins, now.get(key), id, key);
                    ins.setInt(11, ++seq);
                    ins.addBatch();
                } else if (!before.equals(now.get(key))) {
                    bind(upd, now.get(key), id, key); // keeps its place
                    upd.addBatch();
                }
            }
            ins.executeBatch();
            upd.executeBatch();
        }
        known.put(List.of(store, folder), index);
    }

    /** A message's row as written: what tells whether it needs writing again. */
    private record Row(String stamp, long size, List<String> flags, Long seconds, Integer nanos, byte[] header,
                       String digest, List<String> keywords) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && java.util.Objects.equals(stamp, r.stamp) && size == r.size && flags.equals(r.flags)
                    && java.util.Objects.equals(seconds, r.seconds) && java.util.Objects.equals(nanos, r.nanos)
                    && java.util.Arrays.equals(header, r.header) && java.util.Objects.equals(digest, r.digest)
                    && keywords.equals(r.keywords);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(stamp, size, flags, seconds);
        }
    }

    private static Map<String, Row> rowsOf(CachedIndex index) {
        Map<String, Row> rows = new HashMap<>();
        for (FolderSnapshot.Entry entry : index.snapshot().entries()) {
            MessageMeta meta = entry.meta();
            Instant date = meta.internalDate();
            rows.put(meta.key(), new Row(entry.stamp(), meta.size(), meta.flags().stream().map(Flag::name).sorted().toList(),
                    date == null ? null : date.getEpochSecond(), date == null ? null : date.getNano(), meta.header(),
                    index.digests().get(meta.key()), List.copyOf(new TreeSet<>(meta.keywords()))));
        }
        return rows;
    }

    private void bind(PreparedStatement ps, Row row, long id, String key) throws SQLException {
        ps.setString(1, row.stamp());
        ps.setLong(2, row.size());
        ps.setArray(3, connection.createArrayOf("text", row.flags().toArray()));
        if (row.seconds() == null) {
            ps.setNull(4, Types.BIGINT);
            ps.setNull(5, Types.INTEGER);
        } else {
            ps.setLong(4, row.seconds());
            ps.setInt(5, row.nanos());
        }
        ps.setBytes(6, row.header());
        ps.setString(7, row.digest());
        ps.setArray(8, connection.createArrayOf("text", row.keywords().toArray()));
        ps.setLong(9, id);
        ps.setString(10, key);
    }

    private int maxSeq(long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT coalesce(max(seq), 0) FROM snapshot_message WHERE snapshot_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Whether the new snapshot is the old one with some messages removed and some added at the end (as SQLite's cache). */
    static boolean appendsOnly(CachedIndex previous, CachedIndex index) {
        Map<String, Integer> oldPositions = new HashMap<>();
        List<FolderSnapshot.Entry> before = previous.snapshot().entries();
        for (int i = 0; i < before.size(); i++) {
            oldPositions.put(before.get(i).meta().key(), i);
        }
        int last = -1;
        boolean added = false;
        for (FolderSnapshot.Entry entry : index.snapshot().entries()) {
            Integer position = oldPositions.get(entry.meta().key());
            if (position == null) {
                added = true;
            } else if (added || position < last) {
                return false;
            } else {
                last = position;
            }
        }
        return true;
    }

    /** The inputs a pair last settled with, or null. */
    String loadSettled(String boxname) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT inputs FROM settled_pair WHERE channel = ? AND boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Records (inputs non-null) or forgets (null) that a pair settled. */
    void saveSettled(String boxname, String inputs) throws SQLException {
        String sql = inputs == null ? "DELETE FROM settled_pair WHERE channel = ? AND boxname = ?"
                : "INSERT INTO settled_pair (channel, boxname, inputs) VALUES (?, ?, ?)"
                        + " ON CONFLICT (channel, boxname) DO UPDATE SET inputs = excluded.inputs";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            if (inputs != null) {
                ps.setString(3, inputs);
            }
            ps.executeUpdate();
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add((String) v);
        }
        return out;
    }

    /** Flags by name; a name this version does not know is dropped (the entry's flags are re-read anyway). */
    private static Set<Flag> flags(List<String> names) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (String name : names) {
            try {
                flags.add(Flag.valueOf(name));
            } catch (IllegalArgumentException e) {
                // a flag of a later version
            }
        }
        return flags;
    }
}
