package org.mailsync.camel;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.ScheduledPollConsumer;
import org.mailsync.assembly.ChannelBusyException;
import org.mailsync.assembly.JobRequest;
import org.mailsync.assembly.KeptConnections;
import org.mailsync.assembly.OpenJob;
import org.mailsync.report.RunReport;
import org.mailsync.store.TransientStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a channel on a schedule ({@code from: mailsync:office?delay=15m}) and emits each run's
 * {@link RunReport}. A run that cannot start (server down, wrong password) is emitted too, as
 * a report with exit code 1 and the reason, so that a route can alert on it; a poll that finds
 * the channel busy (another run holds its lock) is skipped and emits nothing.
 *
 * <p>A run of an unchanged channel should cost next to nothing, so what one run opened and
 * the next would open again is kept while the consumer runs: the IMAP connections, logged in
 * ({@link KeptConnections}: one run at a time, dropped when the stores' config changed or a
 * run went wrong, closed when the consumer stops or its route is removed), the parsed config
 * (parsed again when its file changed) and the producer template. Each run still takes and
 * releases the channel lock and opens the state, so a run from the command line between two
 * polls is as possible as ever.
 */
public class MailsyncConsumer extends ScheduledPollConsumer implements ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(MailsyncConsumer.class);

    private final JobRunner runner;
    private volatile boolean polling;
    private volatile KeptConnections kept;

    MailsyncConsumer(MailsyncEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.runner = endpoint.runner();
    }

    @Override
    protected void doStart() throws Exception {
        kept = new KeptConnections();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        KeptConnections k = kept;
        if (k != null) {
            k.close();
        }
        runner.close();
    }

    /** The IMAP connections kept between runs (for tests); null before the consumer starts. */
    KeptConnections keptConnections() {
        return kept;
    }

    @Override
    public MailsyncEndpoint getEndpoint() {
        return (MailsyncEndpoint) super.getEndpoint();
    }

    @Override
    protected int poll() throws Exception {
        polling = true;
        try {
            return pollOnce();
        } finally {
            polling = false;
        }
    }

    /**
     * A graceful stop waits for a run in progress, also while it is still opening the channel
     * (an IMAP login, the lock, the state) and so has no exchange in flight yet.
     */
    @Override
    public int getPendingExchangesSize() {
        return polling ? 1 : 0;
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        // nothing to hand back: a run in progress finishes by itself
    }

    private int pollOnce() throws Exception {
        MailsyncConfiguration config = getEndpoint().getConfiguration();
        JobRequest request = config.toRequest(null);
        Exchange exchange = createExchange(false);
        Instant start = Instant.now();
        KeptConnections connections = kept;
        OpenJob open = null;
        try {
            RunReport report;
            try {
                open = runner.open(request, connections);
                report = runner.execute(open);
                if (!report.errors().isEmpty() && connections != null) {
                    // Something went wrong (a connection, a password, a message): the next run
                    // starts afresh, as a new process would.
                    connections.dropAfterRun();
                }
            } catch (ChannelBusyException e) {
                LOG.info("{}: skipped this poll: {}", config.getName(), e.getMessage());
                return 0;
            } catch (Exception e) {
                if (connections != null) {
                    connections.dropAfterRun();
                }
                report = RunReport.failure(request.operation().label(), config.getName(), start.toString(),
                        Duration.between(start, Instant.now()).toMillis(), e.getMessage());
                exchange.getMessage().setHeader(MailsyncConstants.CONNECTION_FAILED, isConnectionFailure(e));
                LOG.warn("{}: run failed: {}", config.getName(), e.getMessage());
            }
            // The channel is released before the report is routed: a slow route never holds the lock.
            if (open != null) {
                open.close();
                open = null;
            }
            MailsyncProducer.setReport(exchange.getMessage(), report);
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing the report of " + config.getName(), exchange,
                        exchange.getException());
            }
            return 1;
        } finally {
            if (open != null) {
                open.close();
            }
            releaseExchange(exchange, false);
        }
    }

    /** Whether a failure is about reaching a server (readiness), not about the config or the data. */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketException
                    || t instanceof java.net.SocketTimeoutException || t instanceof TransientStoreException
                    || t instanceof jakarta.mail.MessagingException m && m.getNextException() instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
