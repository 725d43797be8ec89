package org.mailsync.karaf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.Schedule;
import org.mailsync.daemon.ChannelReadiness;
import org.mailsync.daemon.RunRecorder;
import org.mailsync.daemon.push.PushWatcher;
import org.mailsync.daemon.push.SyncTrigger;
import org.mailsync.runtime.MailsyncRuntime;
import org.mailsync.store.local.FolderWatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code mailsync daemon} inside Karaf, with one set of {@link KarafSettings}: each
 * chosen channel ({@link ChannelChoice}) runs on its {@code schedule} as a route
 * {@code mailsync-channel-NAME} from the {@code mailsync-channel} template, a channel with
 * {@code push} also when its IMAP server reports a change, and each run is recorded in the run
 * log. {@link #stop()} is graceful: the folder pair in progress finishes and commits.
 */
public final class KarafDaemon {

    private static final Logger LOG = LoggerFactory.getLogger(KarafDaemon.class);

    private final KarafSettings settings;
    private final Path dataArea;
    private final ClassLoader bundleLoader;
    private final List<PushWatcher> pushes = new ArrayList<>();
    private CamelContext context;
    private Path spool;

    /**
     * @param dataArea     the bundle's own directory, where the spool directory goes
     * @param bundleLoader the bundle's class loader
     */
    public KarafDaemon(KarafSettings settings, Path dataArea, ClassLoader bundleLoader) {
        this.settings = settings;
        this.dataArea = dataArea;
        this.bundleLoader = bundleLoader;
    }

    /** Starts the context and the chosen channels; on failure, whatever started is stopped. */
    public synchronized void start() throws Exception {
        try {
            MailsyncConfig config = ConfigParser.parse(settings.config(), settings.home());
            ChannelChoice choice = ChannelChoice.of(config, settings.channels(), settings.routes() != null);
            // Between polls, a local folder the kernel reports unchanged is not stat-ed file by file.
            FolderWatches.enable();
            ChannelReadiness readiness = new ChannelReadiness();
            RunRecorder recorder = RunRecorder.of(settings.runLog(), readiness, config);
            spool = PrivateSpool.create(dataArea);
            context = DaemonContext.create(settings, recorder, spool, bundleLoader);
            context.start();
            readiness.setCamelContext(context);
            HealthCheckRegistry health = HealthCheckRegistry.get(context);
            if (health != null) {
                health.register(readiness);
            }
            // Before the routes: the watches reserve their connections before the first run opens its own.
            for (ChannelConfig channel : choice.pushed()) {
                PushWatcher watcher = new PushWatcher(channel, config, new SyncTrigger(context, channel.name(), recorder));
                pushes.add(watcher);
                watcher.start();
                LOG.info("channel {} is pushed by changes of {}", channel.name(), channel.push());
            }
            for (Map.Entry<String, String> e : choice.schedules().entrySet()) {
                addChannelRoute(e.getKey(), e.getValue());
            }
            LOG.info("mailsync: running {} of {}", choice.schedules().keySet(), settings.config());
        } catch (Exception | LinkageError e) {
            stop();
            throw e;
        }
    }

    private void addChannelRoute(String channel, String schedule) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            TemplatedRouteBuilder.builder(context, "mailsync-channel")
                    .routeId("mailsync-channel-" + channel)
                    .parameter("uri", MailsyncRuntime.uri(channel) + "?" + Schedule.consumerOptions(schedule))
                    .add();
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("channel {} runs on schedule {}", channel, schedule);
    }

    /** Stops gracefully (push watches first, then Camel), and removes the spool directory. */
    public synchronized void stop() {
        pushes.forEach(PushWatcher::close);
        pushes.clear();
        if (context != null) {
            context.stop();
            if (context.getShutdownStrategy().isTimeoutOccurred()) {
                LOG.warn("mailsync: stopped, but a run did not finish in time");
            } else {
                LOG.info("mailsync: stopped");
            }
            context = null;
        }
        if (spool != null) {
            PrivateSpool.delete(spool);
            spool = null;
        }
    }

    /** The running context, or null (tests). */
    public synchronized CamelContext context() {
        return context;
    }
}
