package org.mailsync.daemon.cluster;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.mailsync.config.Schedule;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's jobs match the config: one {@link ChannelJob} with one trigger per
 * channel that has a schedule, in the job group {@value #GROUP}. Every node does this when it
 * starts; a job whose schedule is unchanged is left alone (its trigger keeps its place), so
 * nodes starting one after another do not reset each other's schedules. Nodes are expected to
 * share one config: a job of a channel the config no longer has is deleted.
 */
final class ChannelJobs {

    /** The Quartz job (and trigger) group of the channels. */
    static final String GROUP = "mailsync";

    private static final Logger LOG = LoggerFactory.getLogger(ChannelJobs.class);

    private ChannelJobs() {
    }

    /**
     * Adds, replaces and deletes jobs so that the group holds exactly the given channels.
     *
     * @param schedules channel → its {@code schedule} (a duration or a Quartz cron expression)
     * @return how many jobs were added or replaced
     */
    static int reconcile(Scheduler scheduler, Map<String, String> schedules) throws SchedulerException {
        Set<JobKey> existing = new HashSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP)));
        int changed = 0;
        for (Map.Entry<String, String> e : schedules.entrySet()) {
            JobKey key = JobKey.jobKey(e.getKey(), GROUP);
            if (existing.remove(key) && unchanged(scheduler, key, e.getValue())) {
                continue;
            }
            JobDetail job = JobBuilder.newJob(ChannelJob.class)
                    .withIdentity(key)
                    .withDescription("mailsync channel " + e.getKey())
                    .usingJobData(ChannelJob.CHANNEL, e.getKey())
                    .usingJobData(ChannelJob.SCHEDULE, e.getValue())
                    // a run cut by its node's death is run again by another node at once
                    .requestRecovery(true)
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(e.getKey(), GROUP)
                    .forJob(key)
                    .withSchedule(schedule(e.getValue()))
                    .startNow()
                    .build();
            scheduler.scheduleJob(job, Set.of(trigger), true);
            changed++;
        }
        for (JobKey gone : existing) {
            LOG.info("channel {} is no longer in the config: its cluster job is deleted", gone.getName());
            scheduler.deleteJob(gone);
        }
        return changed;
    }

    private static boolean unchanged(Scheduler scheduler, JobKey key, String schedule) throws SchedulerException {
        JobDetail old = scheduler.getJobDetail(key);
        return old != null && schedule.equals(old.getJobDataMap().getString(ChannelJob.SCHEDULE))
                && !scheduler.getTriggersOfJob(key).isEmpty();
    }

    /**
     * A duration repeats forever from now; a run missed while no node was up is not made up
     * for one by one (the next run syncs everything anyway). A cron expression fires at its
     * times; a missed time is skipped for the same reason.
     */
    static ScheduleBuilder<? extends Trigger> schedule(String text) {
        long millis = Schedule.durationMillis(text);
        if (millis > 0) {
            return SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(millis).repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount();
        }
        return CronScheduleBuilder.cronSchedule(text.trim()).withMisfireHandlingInstructionDoNothing();
    }
}
