package org.mailsync.daemon.push;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.mailsync.assembly.ChannelBusyException;
import org.mailsync.daemon.RunRecorder;
import org.mailsync.report.RunReport;
import org.mailsync.runtime.MailsyncRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a channel now because its server reported a change: a request to {@code mailsync:CHANNEL}
 * on a thread of its own, recorded like a scheduled run. Triggers coalesce: however many come
 * while one run waits or goes on, one more run follows it. A channel that is busy (its
 * scheduled run holds the lock) is tried again every second until it is free, since that run
 * may have listed the folder before the change.
 */
public final class SyncTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTrigger.class);
    private static final long BUSY_RETRY_MILLIS = 1000;

    private final CamelContext context;
    private final String channel;
    private final RunRecorder recorder;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService runner;
    private volatile boolean stopped;
    private ProducerTemplate template;

    /**
     * @param context  the daemon's context
     * @param channel  the channel to run
     * @param recorder what records each run (run log, meters, readiness), or null
     */
    public SyncTrigger(CamelContext context, String channel, RunRecorder recorder) {
        this.context = context;
        this.channel = channel;
        this.recorder = recorder;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mailsync-push-run-" + channel);
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks for a run; returns at once. {@code why} says what changed, with the channel's name. */
    public void fire(String why) {
        if (stopped) {
            return;
        }
        if (pending.compareAndSet(false, true)) {
            LOG.info("{}: syncing now", why);
            runner.execute(this::runPending);
        }
    }

    private void runPending() {
        while (!stopped) {
            pending.set(false);
            Exchange result = template().send(MailsyncRuntime.uri(channel), e -> { });
            Exception failure = result.getException();
            if (failure == null) {
                RunReport report = result.getMessage().getBody(RunReport.class);
                if (recorder != null && report != null) {
                    recorder.record(report, result, false);
                }
                return;
            }
            if (!isBusy(failure)) {
                // The scheduled runs report and record failures; this one only says so.
                LOG.warn("{}: pushed run failed: {}", channel, failure.getMessage());
                return;
            }
            LOG.debug("{}: busy, trying again in {} ms", channel, BUSY_RETRY_MILLIS);
            try {
                Thread.sleep(BUSY_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChannelBusyException) {
                return true;
            }
        }
        return false;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    /** Takes no more triggers and waits a while for a run in progress. */
    @Override
    public void close() {
        stopped = true;
        runner.shutdown();
        try {
            if (!runner.awaitTermination(60, TimeUnit.SECONDS)) {
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (template != null) {
                try {
                    template.close();
                } catch (Exception e) {
                    // stopping anyway
                }
                template = null;
            }
        }
    }
}
