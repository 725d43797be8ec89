package org.mailsync.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.SynchronizationAdapter;
import org.mailsync.assembly.ChannelOpener;
import org.mailsync.assembly.JobRequest;
import org.mailsync.assembly.KeptConnections;
import org.mailsync.assembly.OpenJob;
import org.mailsync.job.CheckJob;
import org.mailsync.job.DiffJob;
import org.mailsync.job.Job;
import org.mailsync.job.SyncJob;
import org.mailsync.job.UndoJob;
import org.mailsync.msinfo.SyncStateFactory;
import org.mailsync.report.RunReport;

/**
 * What the producer and the consumer share: open a request's job ({@link ChannelOpener}), hand
 * it to the route set's entry ({@code direct:sync}, {@code direct:diff}, {@code direct:list}),
 * and close what was opened when the calling exchange completes, whether it succeeded or not.
 * One producer template serves every run; {@link #close()} stops it.
 */
final class JobRunner implements AutoCloseable {

    private final CamelContext context;
    private final ChannelOpener opener;
    private ProducerTemplate template;

    JobRunner(CamelContext context, SyncStateFactory states) {
        this.context = context;
        this.opener = new ChannelOpener(states);
    }

    /**
     * Runs the request for an exchange and returns its report; what the run opened is closed
     * when that exchange completes.
     *
     * @throws Exception nothing was done: the config, a store, the lock or the state could not
     *                   be opened, or the route set failed as a whole
     */
    RunReport run(Exchange exchange, JobRequest request) throws Exception {
        OpenJob open = opener.open(request);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                open.close();
            }
        });
        return execute(open);
    }

    /**
     * Opens the request's job, reusing the IMAP connections kept from the channel's last run
     * (null: none); the caller closes it, which gives them back.
     */
    OpenJob open(JobRequest request, KeptConnections kept) throws Exception {
        return opener.open(request, kept);
    }

    /** Runs an opened job through the route set and returns its report. */
    RunReport execute(OpenJob open) throws Exception {
        Job job = open.job();
        String entry = job instanceof SyncJob ? "direct:sync" : job instanceof DiffJob ? "direct:diff"
                : job instanceof CheckJob ? "direct:check" : job instanceof UndoJob ? "direct:undo"
                : job instanceof org.mailsync.job.MigrateJob ? "direct:migrate" : "direct:list";
        Exchange result = template().send(entry, e -> e.getMessage().setBody(job));
        if (result.getException() != null) {
            throw result.getException();
        }
        RunReport report = result.getMessage().getBody(RunReport.class);
        if (report == null) {
            // A replaced route set that does not end with syncReporter.result still has a report.
            report = job.report().toRunReport();
        }
        return report;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    /** Stops the producer template; a later run starts a new one. */
    @Override
    public void close() {
        ProducerTemplate t;
        synchronized (this) {
            t = template;
            template = null;
        }
        if (t != null) {
            try {
                t.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }
}
