package org.mailsync.daemon;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.mailsync.store.local.FolderWatches;
import org.mailsync.assembly.RequestException;
import org.mailsync.camel.MailsyncComponent;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.Schedule;
import org.mailsync.config.StateConfig;
import org.mailsync.daemon.cluster.ClusterNode;
import org.mailsync.daemon.cluster.ClusterOptions;
import org.mailsync.daemon.cluster.FailedRun;
import org.mailsync.daemon.push.PushWatcher;
import org.mailsync.daemon.push.SyncTrigger;
import org.mailsync.msinfo.pg.PostgresStateFactory;
import org.mailsync.report.Console;
import org.mailsync.runtime.MailsyncRuntime;
import org.mailsync.store.imap.ServerConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailsync daemon}: every channel of the config that has a {@code schedule} runs on it,
 * as a {@code mailsync:} consumer route in one Camel Main, beside the user's own routes
 * ({@code --routes DIR}), until SIGTERM or SIGINT. Stopping is
 * graceful: the folder pair in progress finishes and commits, the others wait for the next
 * start, and the process exits 0. With an HTTP port it serves Camel's
 * {@code /observe/health} (readiness: DOWN while a channel's last run could not reach its
 * server) and {@code /observe/metrics} (Prometheus). A channel with {@code push} also runs as
 * soon as its IMAP server reports a change ({@link PushWatcher}).
 *
 * <p>With {@code --cluster} the daemon is one node of a cluster that shares the PostgreSQL
 * state: the channels are jobs of a clustered Quartz scheduler in that database
 * ({@link ClusterNode}) instead of a route each, every node runs its share, and a channel runs
 * on one node at a time. Push is off there (a watch on every node would hold one connection
 * per node); the channels run on their schedules.
 */
public final class MailsyncDaemon {

    private static final Logger LOG = LoggerFactory.getLogger(MailsyncDaemon.class);

    /**
     * What the daemon runs.
     *
     * @param configFile the config
     * @param home       the home directory of relative config paths
     * @param routesDir  the user's route files, or null
     * @param httpPort   the port of /observe/health and /observe/metrics, or null for none
     * @param httpHost   the address to serve them on
     * @param runLog     the JSON-lines run log
     * @param console    where runs print the original's text output
     * @param schedules  channel → schedule to run instead of the config's {@code schedule}
     *                   keys ({@code --schedule}), or null
     * @param cluster    how this node runs in a cluster ({@code --cluster}), or null for a
     *                   daemon on its own
     */
    public record Options(Path configFile, Path home, Path routesDir, Integer httpPort, String httpHost, Path runLog,
                          Console console, Map<String, String> schedules, ClusterOptions cluster) {

        /** A daemon on its own, not a node of a cluster. */
        public Options(Path configFile, Path home, Path routesDir, Integer httpPort, String httpHost, Path runLog,
                       Console console, Map<String, String> schedules) {
            this(configFile, home, routesDir, httpPort, httpHost, runLog, console, schedules, null);
        }
    }

    private final Options options;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Main main;
    /** The channels' push watches ({@code push}), stopped before Camel. */
    private final List<PushWatcher> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The channels running on a schedule, once started (for the start-up line). */
    private volatile Set<String> running = Set.of();
    /** This node of a cluster ({@code --cluster}), else null. */
    private volatile ClusterNode cluster;

    public MailsyncDaemon(Options options) {
        this.options = options;
    }

    /**
     * This node's scheduler on the state's database: a cluster needs the state in PostgreSQL,
     * where its nodes meet.
     */
    private ClusterNode clusterNode(MailsyncConfig config) throws Exception {
        StateConfig state = config.state();
        if (state == null) {
            throw new RequestException("--cluster needs the state in PostgreSQL, which the nodes share: add"
                    + " \"state jdbc:postgresql://HOST:PORT/DATABASE?user=NAME\" to " + options.configFile());
        }
        return ClusterNode.create(new PostgresStateFactory(state.url(), state.passcmd()).migratedDataSource(),
                options.cluster());
    }

    /** Starts the daemon, with the channels that have a schedule running. */
    public void start() throws Exception {
        // Read once here: with a table of thousands of accounts, each read costs a noticeable part of a second.
        MailsyncConfig config = ConfigParser.parse(options.configFile(), options.home());
        Map<String, String> schedules = schedules(config);
        running = schedules.keySet();
        // The config's serverconnections bounds the push watches too, which start before any run reads it.
        ServerConnectionLimit.jvm().configure(config.serverConnections());
        // Between polls, a local folder the kernel reports unchanged is not stat-ed file by file.
        FolderWatches.enable();
        ClusterNode node = options.cluster() == null ? null : clusterNode(config);
        cluster = node;
        List<String> builtIn = node == null ? List.of("classpath:routes/daemon.camel.yaml")
                : List.of("classpath:routes/daemon.camel.yaml", "classpath:routes/cluster.camel.yaml");
        Main m = MailsyncRuntime.main(options.routesDir(), options.home(), builtIn);
        MailsyncConfiguration defaults = new MailsyncConfiguration();
        defaults.setConfig(options.configFile().toAbsolutePath().toString());
        defaults.setHome(options.home().toAbsolutePath().toString());
        defaults.setConsole(options.console());
        MailsyncComponent component = new MailsyncComponent();
        component.setConfiguration(defaults);
        m.bind("mailsync", component);
        ChannelReadiness readiness = new ChannelReadiness();
        RunRecorder recorder = RunRecorder.of(options.runLog(), readiness, config);
        m.bind("runRecorder", recorder);
        if (node != null) {
            m.bind("failedRun", new FailedRun());
            // The user's own quartz: routes run on the cluster's scheduler too, clustered.
            QuartzComponent quartz = new QuartzComponent();
            quartz.setScheduler(node.scheduler());
            m.bind("quartz", quartz);
        }
        // The folder pair in progress gets this long to finish and commit after SIGTERM.
        m.addOverrideProperty("camel.main.shutdownTimeout", "300");
        // Readiness is ours (ChannelReadiness): Camel's consumer check would be DOWN until each
        // channel's first poll, which for a daily cron schedule is a day after every restart.
        m.addOverrideProperty("camel.health.consumersEnabled", "false");
        if (options.httpPort() != null) {
            checkPortFree(options.httpHost(), options.httpPort());
            m.addOverrideProperty("camel.management.enabled", "true");
            m.addOverrideProperty("camel.management.host", options.httpHost());
            m.addOverrideProperty("camel.management.port", options.httpPort().toString());
            m.addOverrideProperty("camel.management.healthCheckEnabled", "true");
            m.addOverrideProperty("camel.management.metricsEnabled", "true");
            m.addOverrideProperty("camel.metrics.enabled", "true");
        }
        m.start();
        main = m;
        CamelContext context = m.getCamelContext();
        readiness.setCamelContext(context);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(readiness);
        }
        if (node != null) {
            node.start(context, schedules, MailsyncDaemon::shareConnections);
            LOG.info("cluster node {} runs its share of {} channels", node.id(), schedules.size());
            return;
        }
        // Before the routes: the watches reserve their connections before the first run opens its own.
        startPushes(context, recorder, config);
        for (Map.Entry<String, String> e : schedules.entrySet()) {
            String uri = MailsyncRuntime.uri(e.getKey()) + "?" + Schedule.consumerOptions(e.getValue());
            TemplatedRouteBuilder.builder(context, "mailsync-channel")
                    .routeId("mailsync-channel-" + e.getKey())
                    .parameter("uri", uri)
                    .add();
            LOG.info("channel {} runs on schedule {}", e.getKey(), e.getValue());
        }
    }

    /**
     * A cluster's {@code serverconnections} is the whole cluster's: each node takes its share,
     * the limit divided by the live nodes (at least one), again whenever nodes join or die.
     */
    private static void shareConnections(int liveNodes) {
        ServerConnectionLimit limit = ServerConnectionLimit.jvm();
        limit.configured().ifPresent(total -> {
            int share = Math.max(1, total / liveNodes);
            limit.setShare(share);
            LOG.info("{} live cluster node(s): this one opens at most {} of the {} connections per account"
                    + " serverconnections allows", liveNodes, share, total);
        });
    }

    /** A push watch for each channel with {@code push}: it runs the channel when its server reports a change. */
    private void startPushes(CamelContext context, RunRecorder recorder, MailsyncConfig config) throws Exception {
        for (ChannelConfig channel : config.channels().values()) {
            // "mailsync --schedule CRON CHANNEL" runs that one channel: no other channel is watched
            boolean chosen = options.schedules() == null || options.schedules().containsKey(channel.name());
            if (chosen && !channel.push().isEmpty()) {
                PushWatcher watcher = new PushWatcher(channel, config, new SyncTrigger(context, channel.name(), recorder));
                pushes.add(watcher);
                watcher.start();
                LOG.info("channel {} is pushed by changes of {}", channel.name(), channel.push());
            }
        }
    }

    /**
     * Runs until SIGTERM or SIGINT (or {@link #stop()}), then stops gracefully; returns the exit
     * code. The JVM's own handling of those signals is restored when it returns.
     */
    public int run() throws Exception {
        Runnable restoreSignals = StopSignals.install(stop::countDown);
        try {
            start();
            options.console().err().println("mailsync daemon: running " + running
                    + "; stop with SIGTERM or Ctrl-C.");
            stop.await();
            return shutdown();
        } finally {
            restoreSignals.run();
        }
    }

    /**
     * Fails at once when the HTTP port is taken: the embedded server binds it asynchronously
     * and would only log the failure, leaving health probes to whatever holds the port.
     */
    private static void checkPortFree(String host, int port) throws RequestException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new RequestException("cannot serve /observe on " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** Asks a running daemon to stop (as SIGTERM does). */
    public void stop() {
        stop.countDown();
    }

    /** Stops gracefully: in-flight folder pairs finish and commit. Returns 0, or 1 if that timed out. */
    public int shutdown() {
        Main m = main;
        if (m == null) {
            return 0;
        }
        // The watches first: a change seen while stopping would only start a run Camel refuses.
        pushes.forEach(PushWatcher::close);
        pushes.clear();
        // The cluster's scheduler next: no new run starts, the runs in progress finish while
        // Camel still runs, and the other nodes take this one's channels from now on.
        ClusterNode node = cluster;
        if (node != null) {
            node.close();
        }
        m.stop();
        boolean timedOut = m.getCamelContext().getShutdownStrategy().isTimeoutOccurred();
        options.console().err().println("mailsync daemon: stopped" + (timedOut ? " (a run did not finish in time)" : "") + ".");
        return timedOut ? 1 : 0;
    }

    /** The running context (tests, embedding). */
    public CamelContext context() {
        return main.getCamelContext();
    }

    private Map<String, String> schedules(MailsyncConfig config) throws RequestException {
        if (options.schedules() != null) {
            return options.schedules();
        }
        Map<String, String> schedules = new LinkedHashMap<>();
        boolean pushed = false;
        for (ChannelConfig channel : config.channels().values()) {
            if (channel.schedule() != null) {
                schedules.put(channel.name(), channel.schedule());
            }
            // a cluster runs channels on their schedule only: a watch on every node would hold
            // as many connections as there are nodes
            pushed |= !channel.push().isEmpty() && options.cluster() == null;
        }
        if (schedules.isEmpty() && !pushed && options.routesDir() == null) {
            // With --routes, the user's own routes may be all there is to run.
            throw new RequestException("no channel of " + options.configFile() + " has a schedule: add one to each channel"
                    + " the daemon should run, e.g. \"schedule 15m\" or \"schedule \\\"0 0/15 * * * ?\\\"\"");
        }
        return schedules;
    }
}
