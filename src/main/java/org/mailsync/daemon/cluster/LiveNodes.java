package org.mailsync.daemon.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * How many nodes of the cluster are alive: those whose last check-in in Quartz's
 * {@code qrtz_scheduler_state} is recent enough that Quartz does not yet take them as failed
 * (check-in interval plus its 7.5 s grace). What a node may take of a limit shared by the
 * whole cluster (connections to a server) is that limit divided by this.
 */
final class LiveNodes {

    /** Quartz's grace before a silent node counts as failed (ClusterManager). */
    private static final long QUARTZ_GRACE_MILLIS = 7500;

    private final DataSource dataSource;
    private final String schedulerName;

    LiveNodes(DataSource dataSource, String schedulerName) {
        this.dataSource = dataSource;
        this.schedulerName = schedulerName;
    }

    /** The live nodes, this one included (at least 1). */
    int count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM qrtz_scheduler_state"
                     + " WHERE sched_name = ? AND last_checkin_time + checkin_interval + ? >= ?")) {
            ps.setString(1, schedulerName);
            ps.setLong(2, QUARTZ_GRACE_MILLIS);
            ps.setLong(3, System.currentTimeMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Math.max(1, rs.getInt(1));
            }
        }
    }
}
