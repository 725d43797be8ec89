package org.mailsync.camel;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * A channel (or store) of a mailsync config. The producer runs one job per exchange and
 * replies with its {@link org.mailsync.report.RunReport}; the consumer runs the channel on
 * Camel's scheduled-poll options ({@code delay=15m}, {@code cron=...}) and emits each run's
 * report. Two runs of one channel never overlap, in one JVM or across processes: the second
 * finds the channel lock held.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mailsync", title = "mailsync", syntax = "mailsync:name",
             category = {Category.MAIL}, headersClass = MailsyncConstants.class)
public class MailsyncEndpoint extends ScheduledPollEndpoint {

    @UriParam
    private final MailsyncConfiguration configuration;

    MailsyncEndpoint(String uri, MailsyncComponent component, MailsyncConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public MailsyncComponent getComponent() {
        return (MailsyncComponent) super.getComponent();
    }

    /** The endpoint's options. */
    public MailsyncConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        return new MailsyncProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        // Options that cannot form a request stop the route from starting, with the reason,
        // instead of a consumer that polls and silently never runs.
        configuration.toRequest(null);
        MailsyncConsumer consumer = new MailsyncConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** Runs jobs of this endpoint through the route set. */
    JobRunner runner() {
        return new JobRunner(getCamelContext(), getComponent().resolveStateFactory());
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }
}
