package org.mailsync.msinfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailsync.sync.FlagState;
import org.mailsync.sync.RememberedFlags;

/**
 * The rows of msinfo ({@code db/msinfo}): one {@code folder_pair} per synced (channel,
 * boxname), its {@code pair_identity} rows with each side's remembered flags. Plain SQL on a
 * connection; {@link MsinfoRepository} owns the file, the locking and the transactions.
 */
final class PairTable {

    private final Connection connection;
    private Boolean flagColumns;

    PairTable(Connection connection) {
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

    /** The pair's {@code synced_at} (set by every write) and how many identities it holds. */
    PairVersion version(String channel, String boxname) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT p.synced_at, (SELECT count(*) FROM pair_identity i WHERE i.pair_id = p.id) FROM folder_pair p"
                        + " WHERE p.channel = ? AND p.boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new PairVersion(rs.getString(1), rs.getInt(2)) : new PairVersion("", 0);
            }
        }
    }

    Set<String> identities(String channel, String boxname) throws SQLException {
        Set<String> ids = new HashSet<>();
        eachIdentity("i.identity", channel, boxname, rs -> ids.add(rs.getString(1)));
        return ids;
    }

    /**
     * The identities with each side's remembered flags. A database of the first schema (only
     * one opened read-only can still have it: a simulation before the first sync of this
     * version) has no flags: every one reads as unknown.
     */
    Map<String, RememberedFlags> identitiesWithFlags(String channel, String boxname) throws SQLException {
        Map<String, RememberedFlags> ids = new HashMap<>();
        if (!hasFlagColumns()) {
            identities(channel, boxname).forEach(id -> ids.put(id, RememberedFlags.unknown()));
            return ids;
        }
        eachIdentity("i.identity, i.flags_a, i.flags_b", channel, boxname, rs -> {
            String a = rs.getString(2);
            String b = rs.getString(3);
            ids.put(rs.getString(1), new RememberedFlags(a == null ? null : FlagState.parse(a),
                    b == null ? null : FlagState.parse(b)));
        });
        return ids;
    }

    /** How many identities one look-up names (SQLite allows 32,766 parameters; small statements are reused). */
    private static final int LOOKUP_CHUNK = 500;

    /** {@link SyncState#rememberedElsewhere}: the pairs other than {@code boxname} that remember each identity. */
    Map<String, Map<String, RememberedFlags>> rememberedElsewhere(String channel, String boxname, Collection<String> identities)
            throws SQLException {
        Map<String, Map<String, RememberedFlags>> found = new HashMap<>();
        boolean flags = hasFlagColumns();
        List<String> all = List.copyOf(identities);
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
            String sql = "SELECT i.identity, p.boxname" + (flags ? ", i.flags_a, i.flags_b" : "")
                    + " FROM pair_identity i JOIN folder_pair p ON p.id = i.pair_id"
                    + " WHERE p.channel = ? AND p.boxname <> ? AND i.identity IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, channel);
                ps.setString(2, boxname);
                for (int k = 0; k < chunk.size(); k++) {
                    ps.setString(3 + k, chunk.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String a = flags ? rs.getString(3) : null;
                        String b = flags ? rs.getString(4) : null;
                        found.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).put(rs.getString(2),
                                new RememberedFlags(a == null ? null : FlagState.parse(a), b == null ? null : FlagState.parse(b)));
                    }
                }
            }
        }
        return found;
    }

    /** One row of {@link #eachIdentity}. */
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    /** Reads the given columns of every {@code pair_identity} row (alias {@code i}) of a pair. */
    private void eachIdentity(String columns, String channel, String boxname, Row row) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + columns
                + " FROM pair_identity i JOIN folder_pair p ON p.id = i.pair_id WHERE p.channel = ? AND p.boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    /** Replaces a pair's rows; identities without flags are written with unknown flags. */
    void replace(String channel, String boxname, Collection<String> identities) throws SQLException {
        replaceWithFlags(channel, boxname, unknownFlags(identities));
    }

    void replaceWithFlags(String channel, String boxname, Map<String, RememberedFlags> identities) throws SQLException {
        long pairId = pairId(channel, boxname);
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM pair_identity WHERE pair_id = ?")) {
            del.setLong(1, pairId);
            del.executeUpdate();
        }
        insert(pairId, identities);
    }

    /** Replaces every pair of a channel (an import: flags unknown). */
    void replaceChannel(String channel, Map<String, ? extends Collection<String>> folders) throws SQLException {
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM folder_pair WHERE channel = ?")) {
            del.setString(1, channel);
            del.executeUpdate();
        }
        for (Map.Entry<String, ? extends Collection<String>> folder : folders.entrySet()) {
            insert(pairId(channel, folder.getKey()), unknownFlags(folder.getValue()));
        }
    }

    private static Map<String, RememberedFlags> unknownFlags(Collection<String> identities) {
        Map<String, RememberedFlags> unknown = new LinkedHashMap<>();
        identities.forEach(id -> unknown.put(id, RememberedFlags.unknown()));
        return unknown;
    }

    private void insert(long pairId, Map<String, RememberedFlags> identities) throws SQLException {
        try (PreparedStatement ins = connection.prepareStatement(
                "INSERT OR IGNORE INTO pair_identity (pair_id, identity, flags_a, flags_b) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, RememberedFlags> e : identities.entrySet()) {
                RememberedFlags flags = e.getValue() == null ? RememberedFlags.unknown() : e.getValue();
                ins.setLong(1, pairId);
                ins.setString(2, e.getKey());
                ins.setString(3, flags.a() == null ? null : flags.a().encode());
                ins.setString(4, flags.b() == null ? null : flags.b().encode());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    void forget(String channel, String boxname) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM folder_pair WHERE channel = ? AND boxname = ?")) {
            ps.setString(1, channel);
            ps.setString(2, boxname);
            ps.executeUpdate();
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

    /** Whether pair_identity has the flag columns of schema 2. */
    private boolean hasFlagColumns() throws SQLException {
        if (flagColumns == null) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pragma_table_info('pair_identity') WHERE name = 'flags_a'")) {
                flagColumns = rs.next() && rs.getInt(1) == 1;
            }
        }
        return flagColumns;
    }
}
