package org.mailsync.daemon.cluster;

import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.camel.MailsyncConsumer;
import org.mailsync.job.Operation;
import org.mailsync.report.RunReport;

/**
 * The report of a cluster run that could not start (server down, wrong password, bad config),
 * made in the cluster route's {@code doCatch} so that it is recorded like any run: a line in
 * the run log with exit code 1 and the reason, and readiness DOWN when a server was
 * unreachable, as the {@code mailsync:} consumer reports such a run.
 */
public final class FailedRun {

    /** Replaces the message body with the failed run's report. */
    public void report(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String channel = exchange.getMessage().getHeader(ClusterNode.CHANNEL_HEADER, String.class);
        Instant start = Instant.ofEpochMilli(exchange.getClock().getCreated());
        String reason = cause == null ? "the run failed" : String.valueOf(cause.getMessage());
        RunReport report = RunReport.failure(Operation.SYNC.label(), channel, start.toString(),
                Duration.between(start, Instant.now()).toMillis(), reason);
        exchange.getMessage().setBody(report);
        exchange.getMessage().setHeader(MailsyncConstants.CONNECTION_FAILED,
                cause != null && MailsyncConsumer.isConnectionFailure(cause));
    }
}
