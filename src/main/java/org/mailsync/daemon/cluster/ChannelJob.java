package org.mailsync.daemon.cluster;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz job of one channel: when its trigger fires on a node, that node runs the channel.
 * Not concurrent, which a clustered job store enforces across the nodes: a trigger that fires
 * while the channel runs elsewhere waits (blocked) until that run ends. The channel's name is
 * the job's only data, so any node can run any channel; what a run needs comes from the
 * {@link ClusterNode} of the node it fires on.
 */
@DisallowConcurrentExecution
public final class ChannelJob implements Job {

    /** The job data key of the channel's name. */
    static final String CHANNEL = "channel";
    /** The job data key of the channel's schedule, as configured (to see when it changed). */
    static final String SCHEDULE = "schedule";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String channel = context.getMergedJobDataMap().getString(CHANNEL);
        ClusterNode node;
        try {
            node = (ClusterNode) context.getScheduler().getContext().get(ClusterNode.KEY);
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot reach this node's mailsync runtime", e);
        }
        if (node == null) {
            throw new JobExecutionException("this scheduler has no mailsync node to run channel " + channel);
        }
        try {
            node.run(channel, context.isRecovering());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobExecutionException("interrupted while waiting for this node to start", e);
        }
    }
}
