package org.mailsync.msinfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;

/**
 * The index cache's two tables ({@code folder_snapshot}, {@code snapshot_message}, schema
 * {@link IndexCacheDatabase#VERSION}) on an open SQLite connection: reading a folder's {@link CachedIndex} and writing
 * one back. Writing touches only what changed when it can: a steady-state sync of a large
 * folder adds and removes a few rows instead of rewriting 100,000.
 *
 * <p>The caller owns the connection and the transaction.
 */
final class SnapshotTable {

    private final Connection connection;

    SnapshotTable(Connection connection) {
        this.connection = connection;
    }

    /** The folder's cached index, or null when none is kept. */
    CachedIndex load(String store, String folder) throws SQLException {
        Long id = snapshotId(store, folder);
        if (id == null) {
            return null;
        }
        String validity;
        try (PreparedStatement ps = connection.prepareStatement("SELECT validity FROM folder_snapshot WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                validity = rs.getString(1);
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
                    MessageMeta meta = new MessageMeta(key, rs.getLong(3), flags(rs.getString(4)), date, rs.getBytes(7),
                            keywords(rs.getString(9)));
                    entries.add(new FolderSnapshot.Entry(meta, rs.getString(2)));
                    String digest = rs.getString(8);
                    if (digest != null) {
                        digests.put(key, digest);
                    }
                }
            }
        }
        return new CachedIndex(new FolderSnapshot(validity, entries), digests);
    }

    /**
     * Replaces the folder's cached index. When the new snapshot keeps the old one's messages
     * in their order and only adds at the end (the common case: new mail arrived, some was
     * deleted, some flags changed), only the differing rows are written, and new rows are
     * numbered after the kept ones; otherwise everything is rewritten.
     */
    void save(String store, String folder, CachedIndex index, CachedIndex previous) throws SQLException {
        long id = upsertSnapshot(store, folder, index.snapshot().validity());
        boolean incremental = previous != null && appendsOnly(previous, index);
        Map<String, Row> old = incremental ? rowsOf(previous) : Map.of();
        if (!incremental) {
            try (PreparedStatement del = connection.prepareStatement("DELETE FROM snapshot_message WHERE snapshot_id = ?")) {
                del.setLong(1, id);
                del.executeUpdate();
            }
        }
        Map<String, Row> now = rowsOf(index);
        try (PreparedStatement del = connection.prepareStatement(
                "DELETE FROM snapshot_message WHERE snapshot_id = ? AND msg_key = ?")) {
            for (String key : old.keySet()) {
                if (!now.containsKey(key)) {
                    del.setLong(1, id);
                    del.setString(2, key);
                    del.addBatch();
                }
            }
            del.executeBatch();
        }
        long seq = incremental ? maxSeq(id) : 0;
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT INTO snapshot_message (stamp, size, flags, date_seconds, date_nanos, header, digest, keywords,"
                        + " snapshot_id, msg_key, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement upd = connection.prepareStatement(
                "UPDATE snapshot_message SET stamp = ?, size = ?, flags = ?, date_seconds = ?, date_nanos = ?,"
                        + " header = ?, digest = ?, keywords = ? WHERE snapshot_id = ? AND msg_key = ?")) {
            for (FolderSnapshot.Entry entry : index.snapshot().entries()) {
                String key = entry.meta().key();
                Row row = now.get(key);
                Row before = old.get(key);
                if (before == null) {
                    bind(ins, entry, row, id);
                    ins.setLong(11, ++seq);
                    ins.addBatch();
                } else if (!row.equals(before)) {
                    bind(upd, entry, row, id); // keeps its place
                    upd.addBatch();
                }
            }
            ins.executeBatch();
            upd.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, FolderSnapshot.Entry entry, Row row, long id) throws SQLException {
        MessageMeta meta = entry.meta();
        ps.setString(1, entry.stamp());
        ps.setLong(2, meta.size());
        ps.setString(3, row.flags());
        if (meta.internalDate() == null) {
            ps.setNull(4, Types.INTEGER);
            ps.setNull(5, Types.INTEGER);
        } else {
            ps.setLong(4, meta.internalDate().getEpochSecond());
            ps.setLong(5, meta.internalDate().getNano());
        }
        ps.setBytes(6, meta.header());
        ps.setString(7, row.digest());
        ps.setString(8, row.keywords());
        ps.setLong(9, id);
        ps.setString(10, meta.key());
    }

    private long maxSeq(long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT coalesce(max(seq), 0) FROM snapshot_message WHERE snapshot_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Forgets a store folder's cached index. */
    void forget(String store, String folder) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM folder_snapshot WHERE store = ? AND folder = ?")) {
            ps.setString(1, store);
            ps.setString(2, folder);
            ps.executeUpdate();
        }
    }

    /** Whether the new snapshot is the old one with some messages removed and some added at the end. */
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

    /** What a row holds, to tell which rows need writing. */
    private record Row(String stamp, long size, String flags, Instant date, byte[] header, String digest, String keywords) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && Objects.equals(stamp, r.stamp) && size == r.size && flags.equals(r.flags)
                    && keywords.equals(r.keywords)
                    && Objects.equals(date, r.date) && java.util.Arrays.equals(header, r.header)
                    && Objects.equals(digest, r.digest);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stamp, size, flags, date);
        }
    }

    private static Map<String, Row> rowsOf(CachedIndex index) {
        Map<String, Row> rows = new HashMap<>();
        for (FolderSnapshot.Entry entry : index.snapshot().entries()) {
            MessageMeta meta = entry.meta();
            rows.put(meta.key(), new Row(entry.stamp(), meta.size(), flagText(meta.flags()), meta.internalDate(),
                    meta.header(), index.digests().get(meta.key()), keywordText(meta.keywords())));
        }
        return rows;
    }

    private long upsertSnapshot(String store, String folder, String validity) throws SQLException {
        try (PreparedStatement up = connection.prepareStatement(
                "INSERT INTO folder_snapshot (store, folder, validity, saved_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (store, folder) DO UPDATE SET validity = excluded.validity,"
                        + " saved_at = excluded.saved_at")) {
            up.setString(1, store);
            up.setString(2, folder);
            up.setString(3, validity);
            up.setString(4, Instant.now().toString());
            up.executeUpdate();
        }
        return snapshotId(store, folder);
    }

    private Long snapshotId(String store, String folder) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM folder_snapshot WHERE store = ? AND folder = ?")) {
            ps.setString(1, store);
            ps.setString(2, folder);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Flags by name, so that a flag added to {@link Flag} later does not change what old rows mean. */
    static String flagText(Set<Flag> flags) {
        StringBuilder text = new StringBuilder();
        for (Flag flag : flags) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(flag.name());
        }
        return text.toString();
    }

    /**
     * Keywords separated by single spaces. A keyword is an IMAP atom and so has no space, but a
     * store may report any name it finds (a hand-edited {@code dovecot-keywords}), so a space,
     * a {@code %} and control characters are written {@code %XX}, which reads back exactly.
     */
    static String keywordText(Set<String> keywords) {
        StringBuilder text = new StringBuilder();
        for (String keyword : keywords) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                if (c <= ' ' || c == '%' || c == 0x7f) {
                    text.append('%').append(String.format("%02X", (int) c));
                } else {
                    text.append(c);
                }
            }
        }
        return text.toString();
    }

    /** Reads what {@link #keywordText(Set)} wrote. */
    static Set<String> keywords(String text) {
        Set<String> keywords = new TreeSet<>();
        if (text != null && !text.isEmpty()) {
            for (String word : text.split(" ")) {
                StringBuilder k = new StringBuilder(word.length());
                for (int i = 0; i < word.length(); i++) {
                    char c = word.charAt(i);
                    boolean escaped = c == '%' && i + 2 < word.length() && HexFormat.isHexDigit(word.charAt(i + 1))
                            && HexFormat.isHexDigit(word.charAt(i + 2));
                    int code = escaped ? HexFormat.fromHexDigits(word, i + 1, i + 3) : -1;
                    if (code >= 0) {
                        k.append((char) code);
                        i += 2;
                    } else {
                        k.append(c);
                    }
                }
                keywords.add(k.toString());
            }
        }
        return keywords;
    }

    static Set<Flag> flags(String text) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        if (text != null && !text.isEmpty()) {
            for (String name : text.split(" ")) {
                try {
                    flags.add(Flag.valueOf(name));
                } catch (IllegalArgumentException e) {
                    // a flag this version does not know: the entry's flags are re-read anyway
                }
            }
        }
        return flags;
    }
}
