package org.mailsync.camel;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.mailsync.report.RunReport;

/**
 * Runs one job per exchange ({@code to: mailsync:office}) and replies with its
 * {@link RunReport} as the body and the headline figures as headers. A request that cannot
 * start (unknown channel, wrong password, channel busy) fails the exchange with the reason,
 * having changed nothing.
 */
public class MailsyncProducer extends DefaultProducer {

    private final JobRunner runner;

    MailsyncProducer(MailsyncEndpoint endpoint) {
        super(endpoint);
        this.runner = endpoint.runner();
    }

    @Override
    public MailsyncEndpoint getEndpoint() {
        return (MailsyncEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStop() throws Exception {
        runner.close();
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String operation = exchange.getMessage().getHeader(MailsyncConstants.OPERATION, String.class);
        RunReport report = runner.run(exchange, getEndpoint().getConfiguration().toRequest(operation));
        setReport(exchange.getMessage(), report);
    }

    /** The report as the body, its headline figures as headers. */
    static void setReport(Message message, RunReport report) {
        message.setBody(report);
        message.setHeader(MailsyncConstants.EXIT_CODE, report.exitCode());
        message.setHeader(MailsyncConstants.CHANNEL, report.channel());
        message.setHeader(MailsyncConstants.COPIED, report.copied());
        message.setHeader(MailsyncConstants.DELETED, report.deleted());
        message.setHeader(MailsyncConstants.FAILED, report.failed());
    }
}
