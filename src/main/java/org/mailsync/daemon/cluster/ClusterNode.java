package org.mailsync.daemon.cluster;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.mailsync.msinfo.pg.PostgresRunLog;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster of daemons: a Quartz scheduler on the clustered JDBC job store in the
 * state's PostgreSQL database ({@code PostgreSQLDelegate}, {@code isClustered=true}), whose
 * {@link ChannelJob}s hand each due channel to the route {@value #ROUTE}. Quartz decides which
 * node runs what: a node takes a due trigger when it has a free thread, a channel runs on one
 * node at a time, and a node that stops checking in is taken as dead, its cut runs started
 * again elsewhere (the state's per-pair transactions make such a run converge).
 *
 * <p>The scheduler is made before Camel starts, so that it can also be Camel's {@code quartz}
 * component ({@link #scheduler()}): the user's own {@code quartz:} routes then run clustered
 * on the same store. It starts firing only in {@link #start}, once the routes are up, and
 * {@link #close()} stops it before Camel stops, letting the runs in progress finish.
 */
public final class ClusterNode implements AutoCloseable {

    /** The route every cluster run goes through (routes/cluster.camel.yaml). */
    public static final String ROUTE = "direct:mailsync-cluster-run";
    /** The header naming the channel to run, on the exchanges sent to {@link #ROUTE}. */
    public static final String CHANNEL_HEADER = "MailsyncChannel";
    /** The header saying the run starts again one cut by a node's death. */
    public static final String RECOVERING_HEADER = "MailsyncRecovering";
    /** The scheduler's name, the same on every node: it is what makes them one cluster. */
    static final String SCHEDULER_NAME = "mailsync";
    /** Where the scheduler's context holds this node, for {@link ChannelJob}. */
    static final String KEY = "mailsyncClusterNode";

    /** How long a job that fires while the node starts waits for it. */
    private static final long START_WAIT_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final Scheduler scheduler;
    private final ClusterOptions options;
    private final LiveNodes liveNodes;
    private final String nodeId;
    private volatile ProducerTemplate template;
    /** Open once {@link #start} has made the template: a job that fires before waits for it. */
    private final CountDownLatch started = new CountDownLatch(1);
    private ScheduledExecutorService watch;
    private int lastLive;

    private ClusterNode(Scheduler scheduler, ClusterOptions options, LiveNodes liveNodes, String nodeId) {
        this.scheduler = scheduler;
        this.options = options;
        this.liveNodes = liveNodes;
        this.nodeId = nodeId;
    }

    /**
     * Makes this node's scheduler (in standby: nothing fires before {@link #start}).
     *
     * @param database the state's database, with mailsync's schema (Quartz's tables included)
     */
    public static ClusterNode create(DataSource database, ClusterOptions options) throws SchedulerException {
        String nodeId = nodeId();
        String dataSourceName = "mailsync-state";
        // Quartz would pool connections of its own (c3p0/Hikari) from a URL with the password in
        // its properties; this keeps the password where the state keeps it.
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName,
                new PooledConnections(database, options.threads() + 3));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", nodeId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(options.threads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "mailsync-cluster");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(options.checkinMillis()));
        // job data as text, not serialized Java objects
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        // One trigger per acquisition (Quartz's default batch of 1), claimed by a conditional
        // update of its state, as Quartz does by default: no row lock that every node's every
        // acquisition would queue on (bench/cluster: two nodes ran 59 % more runs without it).
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "false");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        ClusterNode node = new ClusterNode(scheduler, options, new LiveNodes(database, SCHEDULER_NAME), nodeId);
        // before anything can start the scheduler (Camel's quartz component does when a user's
        // route uses it): a job that fires finds the node, and waits for it to start
        scheduler.getContext().put(KEY, node);
        return node;
    }

    /** This node's name in the cluster ({@code PID@HOST}): Quartz's instance id and the run log's host. */
    public static String nodeId() {
        return PostgresRunLog.nodeName();
    }

    /** This node's name in the cluster. */
    public String id() {
        return nodeId;
    }

    /** The clustered scheduler (for Camel's {@code quartz} component). */
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Brings the cluster's jobs in line with the config and starts firing them.
     *
     * @param camel     the running context whose {@link #ROUTE} runs the channels
     * @param schedules channel → schedule, of every channel the cluster runs
     * @param liveNodesChanged told the number of live nodes when the node starts and whenever
     *                         it changes (for limits shared by the whole cluster)
     */
    public void start(CamelContext camel, Map<String, String> schedules, IntConsumer liveNodesChanged)
            throws SchedulerException {
        template = camel.createProducerTemplate();
        started.countDown();
        int changed = ChannelJobs.reconcile(scheduler, schedules);
        LOG.info("cluster node {}: {} channels, {} jobs added or changed", nodeId, schedules.size(), changed);
        watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailsync-cluster-nodes");
            t.setDaemon(true);
            return t;
        });
        watch.scheduleWithFixedDelay(() -> watchLiveNodes(liveNodesChanged), 0, options.checkinMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.start();
    }

    private void watchLiveNodes(IntConsumer liveNodesChanged) {
        try {
            int live = liveNodes.count();
            if (live != lastLive) {
                LOG.info("cluster node {}: {} live node(s)", nodeId, live);
                lastLive = live;
                liveNodesChanged.accept(live);
            }
        } catch (Exception e) {
            LOG.warn("cluster node {}: cannot count the live nodes: {}", nodeId, e.getMessage());
        }
    }

    /** Runs a due channel through {@link #ROUTE} ({@link ChannelJob}); a failure is the route's to report. */
    void run(String channel, boolean recovering) throws InterruptedException {
        started.await(START_WAIT_SECONDS, TimeUnit.SECONDS);
        ProducerTemplate t = template;
        if (t == null) {
            LOG.warn("cluster node {}: channel {} is due but the node is not running; it runs at its next time", nodeId,
                    channel);
            return;
        }
        if (recovering) {
            LOG.info("cluster node {}: runs channel {} again, its run was cut when its node died", nodeId, channel);
        }
        Exchange done = t.send(ROUTE, e -> {
            e.getMessage().setHeader(CHANNEL_HEADER, channel);
            e.getMessage().setHeader(RECOVERING_HEADER, recovering);
        });
        if (done.getException() != null) {
            LOG.warn("cluster node {}: channel {}: {}", nodeId, channel, done.getException().getMessage());
        }
    }

    /**
     * Stops firing, waits for the runs in progress to finish and commit, and leaves the cluster
     * (the others run its channels from now on).
     */
    @Override
    public void close() {
        started.countDown();  // a job still waiting for the start gives up
        try {
            if (!scheduler.isShutdown()) {
                scheduler.standby();
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            LOG.warn("cluster node {}: stopping the scheduler: {}", nodeId, e.getMessage());
        }
        if (watch != null) {
            watch.shutdownNow();
        }
        ProducerTemplate t = template;
        template = null;
        if (t != null) {
            try {
                t.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }
}
