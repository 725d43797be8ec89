package org.mailsync.msinfo.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.mailsync.msinfo.PairVersion;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.RememberedFlags;

/**
 * The msinfo rows ({@code folder_pair}, {@code pair_identity}) of {@code db/pg}: plain SQL on a
 * connection, like SQLite's {@code PairTable}; {@link PostgresSyncState} owns the transactions.
 */
final class PairRows {

    private final Connection connection;

    PairRows(Connection connection) {
        this.connection = connection;
    }

    Set<String> boxnames(String channel) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT boxname FROM folder_pair WHERE channel = ? ORDER BY boxname")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The pair's generation (new with every write) and how many identities it holds. */
    PairVersion version(String channel, String boxname) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT p.generation, (SELECT count(*) FROM pair_identity i WHERE i.pair_id = p.id) FROM folder_pair p"
                        + " WHERE p.channel = ? AND p.boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new PairVersion(Long.toString(rs.getLong(1)), rs.getInt(2)) : new PairVersion("", 0);
            }
        }
    }

    Set<String> identities(String channel, String boxname) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT i.identity FROM pair_identity i"
                + " JOIN folder_pair p ON p.id = i.pair_id WHERE p.channel = ? AND p.boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    Map<String, RememberedFlags> identitiesWithFlags(String channel, String boxname) throws SQLException {
        Map<String, RememberedFlags> ids = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT i.identity, i.flags_a, i.flags_b FROM pair_identity i"
                + " JOIN folder_pair p ON p.id = i.pair_id WHERE p.channel = ? AND p.boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), flags(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return ids;
    }

    /** The pairs other than {@code boxname} that remember each identity: one statement, the identities as an array. */
    Map<String, Map<String, RememberedFlags>> rememberedElsewhere(String channel, String boxname, Collection<String> identities)
            throws SQLException {
        Map<String, Map<String, RememberedFlags>> found = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT i.identity, p.boxname, i.flags_a, i.flags_b"
                + " FROM pair_identity i JOIN folder_pair p ON p.id = i.pair_id"
                + " WHERE p.channel = ? AND p.boxname <> ? AND i.identity = ANY (?)")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            Array array = connection.createArrayOf("text", identities.toArray());
            ps.setArray(3, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .put(rs.getString(2), flags(rs.getString(3), rs.getString(4)));
                }
            } finally {
                array.free();
            }
        }
        return found;
    }

    /**
     * Replaces a pair's identities and flags (the caller's transaction). Only the difference is
     * written: a steady-state sync of a large folder changes a few of its 100,000 rows, and
     * rewriting them all would cost seconds per pair. What the pair held is read in the same
     * transaction, and the channel's lock keeps other writers away, so the result is exactly
     * the given set either way.
     */
    void replace(String channel, String boxname, Map<String, RememberedFlags> identities) throws SQLException {
        long pairId = touchPair(channel, boxname);
        Map<String, String[]> before = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT identity, flags_a, flags_b FROM pair_identity WHERE pair_id = ?")) {
            ps.setLong(1, pairId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    before.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<String> gone = new ArrayList<>();
        for (String id : before.keySet()) {
            if (!identities.containsKey(id)) {
                gone.add(id);
            }
        }
        if (!gone.isEmpty()) {
            try (PreparedStatement del = connection.prepareStatement(
                    "DELETE FROM pair_identity WHERE pair_id = ? AND identity = ANY (?)")) {
                del.setLong(1, pairId);
                del.setArray(2, connection.createArrayOf("text", gone.toArray()));
                del.executeUpdate();
            }
        }
        try (PreparedStatement ins = connection.prepareStatement("INSERT INTO pair_identity (flags_a, flags_b, pair_id,"
                + " identity) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement upd = connection.prepareStatement("UPDATE pair_identity SET flags_a = ?, flags_b = ?"
                + " WHERE pair_id = ? AND identity = ?")) {
            for (Map.Entry<String, RememberedFlags> e : identities.entrySet()) {
                RememberedFlags flags = e.getValue() == null ? RememberedFlags.unknown() : e.getValue();
                String a = flags.a() == null ? null : flags.a().encode();
                String b = flags.b() == null ? null : flags.b().encode();
                String[] was = before.get(e.getKey());
                PreparedStatement ps = was == null ? ins : Objects.equals(was[0], a) && Objects.equals(was[1], b) ? null : upd;
                if (ps != null) {
                    ps.setString(1, a);
                    ps.setString(2, b);
                    ps.setLong(3, pairId);
                    ps.setString(4, e.getKey());
                    ps.addBatch();
                }
            }
            ins.executeBatch();
            upd.executeBatch();
        }
    }

    /** Forgets every pair of a channel (the caller's transaction). */
    void forgetChannel(String channel) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM folder_pair WHERE channel = ?")) {
            del.setString(1, channel);
            del.executeUpdate();
        }
    }

    void forget(String channel, String boxname) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM folder_pair WHERE channel = ? AND boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            ps.executeUpdate();
        }
    }

    /** The pair's id, creating its row; either way with a new generation and {@code synced_at}. */
    private long touchPair(String channel, String boxname) throws SQLException {
        try (PreparedStatement up = connection.prepareStatement(
                "INSERT INTO folder_pair (channel, boxname, synced_at, generation) VALUES (?, ?, ?, nextval('folder_pair_generation'))"
                        + " ON CONFLICT (channel, boxname) DO UPDATE SET synced_at = excluded.synced_at,"
                        + " generation = excluded.generation RETURNING id")) {
            up.setString(1, channel);
            up.setString(2, boxname);
            up.setTimestamp(3, Timestamp.from(Instant.now()));
            try (ResultSet rs = up.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static RememberedFlags flags(String a, String b) {
        return new RememberedFlags(a == null ? null : FlagState.parse(a), b == null ? null : FlagState.parse(b));
    }
}
