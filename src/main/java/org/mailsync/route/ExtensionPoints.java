package org.mailsync.route;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.StreamCache;
import org.apache.camel.support.ExchangeHelper;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.SyncJob;
import org.mailsync.report.SyncReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to the extension points a user's routes may consume ({@code direct:mailsync-copied},
 * {@code direct:mailsync-deleted}), so that they can never break a sync: each gets a copy of
 * the exchange after the store change is done, and whatever it throws is contained here. As a
 * {@code direct:} endpoint takes one consumer, every route from an endpoint whose name starts
 * with the extension point's ({@code direct:mailsync-copied-eml},
 * {@code direct:mailsync-copied-audit}) gets its own copy, in the order of their names. A
 * failure is reported once per run and extension point as a warning line; the sync's result,
 * its state commit and its exit code are unchanged. The details (stack trace) go to the debug
 * log ({@code -d}).
 */
public class ExtensionPoints {

    /** Where each copied message goes, with the message as the body. */
    public static final String COPIED = "direct:mailsync-copied";
    /** Where each side's batch of deletions goes, the {@link DeletionBatch} as the body. */
    public static final String DELETED = "direct:mailsync-deleted";

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionPoints.class);

    private volatile ProducerTemplate template;

    /** After a copy: the message to {@link #COPIED}, if a route consumes it. */
    public void copied(Exchange exchange, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        send(COPIED, exchange, job);
    }

    /** After a side's deletions: the batch to {@link #DELETED}, if a route consumes it. */
    public void deleted(Exchange exchange, @ExchangeProperty(MailsyncConstants.JOB) SyncJob job) {
        send(DELETED, exchange, job);
    }

    private void send(String point, Exchange exchange, SyncJob job) {
        send(point, exchange, job.report(), "the sync");
    }

    /**
     * A copy of the exchange to every route consuming an extension point (or an endpoint whose
     * name starts with it), failures contained: a warning once per run on {@code report}.
     *
     * @param goesOn what goes on unchanged, for the warning ({@code the sync}, {@code the migration})
     */
    public void send(String point, Exchange exchange, SyncReport report, String goesOn) {
        for (String uri : consumers(exchange.getContext(), point)) {
            sendOne(uri, exchange, report, goesOn);
        }
    }

    private void sendOne(String uri, Exchange exchange, SyncReport report, String goesOn) {
        CamelContext context = exchange.getContext();
        Exchange copy = ExchangeHelper.createCopy(exchange, true);
        if (copy.getMessage().getBody() instanceof StreamCache cache) {
            cache.reset();
        }
        Exception failure;
        try {
            failure = template(context).send(uri, copy).getException();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            LOG.debug("a route on {} failed", uri, failure);
            report.warnOnce(uri, "a route on " + uri + " failed (" + failure.getMessage()
                    + "); " + goesOn + " goes on unchanged (said once per run)");
        }
    }

    /** The endpoints of the routes that consume an extension point, by name. */
    private static java.util.SortedSet<String> consumers(CamelContext context, String point) {
        String path = point.substring("direct:".length());
        java.util.SortedSet<String> uris = new java.util.TreeSet<>();
        for (Route route : context.getRoutes()) {
            String from = route.getEndpoint().getEndpointUri();
            String name = from.startsWith("direct://") ? from.substring("direct://".length()) : null;
            if (name != null) {
                int query = name.indexOf('?');
                name = query < 0 ? name : name.substring(0, query);
                if (name.equals(path) || name.startsWith(path + "-")) {
                    uris.add("direct:" + name);
                }
            }
        }
        return uris;
    }

    private ProducerTemplate template(CamelContext context) {
        ProducerTemplate t = template;
        if (t == null || t.getCamelContext() != context) {
            synchronized (this) {
                t = template;
                if (t == null || t.getCamelContext() != context) {
                    t = context.createProducerTemplate();
                    template = t;
                }
            }
        }
        return t;
    }
}
