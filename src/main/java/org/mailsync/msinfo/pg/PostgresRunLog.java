package org.mailsync.msinfo.pg;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.mailsync.msinfo.MsinfoException;

/**
 * The daemon's run log in the state database ({@code run_log}, {@code db/pg/V2}): each run's
 * JSON object (as the run log file's line) with the node that ran it ({@link #nodeName()}), so that the runs of every
 * node that shares the database are in one place. Runs are minutes apart, so each record opens
 * a connection of its own rather than holding one between runs.
 */
public final class PostgresRunLog {

    private final PostgresStateFactory database;
    private final String host;

    /** @param database where the channels' states are (its URL and password) */
    public PostgresRunLog(PostgresStateFactory database) {
        this.database = database;
        this.host = nodeName();
    }

    /**
     * Appends one run's record.
     *
     * @param json the run's JSON object
     * @throws MsinfoException the database cannot be reached or written (the message has no password)
     */
    public void append(String channel, String json) throws MsinfoException {
        StateUrl url = database.url();
        withConnection(url, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO run_log (channel, host, report) VALUES (?, ?, ?)")) {
                ps.setString(1, channel);
                ps.setString(2, host);
                ps.setObject(3, json, Types.OTHER); // jsonb: the server parses (and checks) it
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The channel's last {@code limit} records, newest first, as JSON objects. */
    public List<String> recent(String channel, int limit) throws MsinfoException {
        StateUrl url = database.url();
        return withConnection(url, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT report::text FROM run_log WHERE channel = ? ORDER BY recorded_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, channel);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Work on a connection. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(StateUrl url, Work<T> work) throws MsinfoException {
        try (Connection c = database.migratedDataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new MsinfoException("cannot write the run log in state " + url.url() + ": "
                    + url.redact(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    /**
     * This process's name among the nodes that share a database: {@code PID@HOST}, so that two
     * daemons on one machine are told apart (a cluster node's Quartz instance id too).
     */
    public static String nodeName() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName();
        if (runtime.contains("@")) {
            return runtime;
        }
        try {
            return ProcessHandle.current().pid() + "@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ProcessHandle.current().pid() + "@unknown";
        }
    }
}
