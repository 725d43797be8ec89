package org.mailsync.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The cluster's jobs follow the config ({@link ChannelJobs#reconcile}): one non-concurrent,
 * recoverable job per channel with its schedule; a node starting again with the same config
 * changes nothing (a trigger keeps its next time); a changed schedule replaces the trigger; a
 * channel gone from the config loses its job. On an in-memory store: the clustered store's
 * behaviour is the IT's ({@code DaemonClusterSharesChannelsAndSurvivesAKilledNodeIT}).
 */
class ClusterJobsFollowTheConfigTest {

    private Scheduler scheduler;

    @BeforeEach
    void scheduler() throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "jobs-test-" + System.nanoTime());
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        scheduler = new StdSchedulerFactory(p).getScheduler();  // in standby: nothing fires
    }

    @AfterEach
    void shutdown() throws Exception {
        scheduler.shutdown(false);
    }

    @Test
    void eachChannelGetsOneNonConcurrentRecoverableJobWithItsSchedule() throws Exception {
        assertThat(ChannelJobs.reconcile(scheduler, schedules("office", "15m", "home", "0 0/5 * * * ?"))).isEqualTo(2);

        assertThat(jobNames()).containsExactlyInAnyOrder("office", "home");
        JobDetail office = scheduler.getJobDetail(JobKey.jobKey("office", ChannelJobs.GROUP));
        assertThat(office.isConcurrentExecutionDisallowed()).isTrue();
        assertThat(office.requestsRecovery()).isTrue();
        assertThat(office.getJobDataMap().getString(ChannelJob.CHANNEL)).isEqualTo("office");
        assertThat(trigger("office")).isInstanceOfSatisfying(SimpleTrigger.class,
                t -> assertThat(t.getRepeatInterval()).isEqualTo(15 * 60_000L));
        assertThat(trigger("home")).isInstanceOfSatisfying(CronTrigger.class,
                t -> assertThat(t.getCronExpression()).isEqualTo("0 0/5 * * * ?"));
    }

    @Test
    void theSameConfigAgainChangesNothingAndKeepsTheNextFireTimes() throws Exception {
        ChannelJobs.reconcile(scheduler, schedules("office", "15m", "home", "1h"));
        Date next = trigger("office").getNextFireTime();
        Thread.sleep(20);

        assertThat(ChannelJobs.reconcile(scheduler, schedules("office", "15m", "home", "1h"))).isZero();

        assertThat(trigger("office").getNextFireTime()).isEqualTo(next);
    }

    @Test
    void aChangedScheduleReplacesTheTriggerAndAChannelGoneLosesItsJob() throws Exception {
        ChannelJobs.reconcile(scheduler, schedules("office", "15m", "home", "1h"));

        assertThat(ChannelJobs.reconcile(scheduler, schedules("office", "5m"))).isEqualTo(1);

        assertThat(jobNames()).containsExactly("office");
        assertThat(((SimpleTrigger) trigger("office")).getRepeatInterval()).isEqualTo(5 * 60_000L);
        assertThat(scheduler.getTriggersOfJob(JobKey.jobKey("office", ChannelJobs.GROUP))).hasSize(1);
    }

    @Test
    void jobsOutsideMailsyncsGroupAreLeftAlone() throws Exception {
        // a user's own quartz: route shares the scheduler
        scheduler.addJob(org.quartz.JobBuilder.newJob(ChannelJob.class).withIdentity("report", "user").storeDurably().build(),
                false);

        ChannelJobs.reconcile(scheduler, schedules("office", "15m"));

        assertThat(scheduler.checkExists(JobKey.jobKey("report", "user"))).isTrue();
    }

    private Set<String> jobNames() throws Exception {
        return scheduler.getJobKeys(GroupMatcher.jobGroupEquals(ChannelJobs.GROUP)).stream().map(JobKey::getName)
                .collect(Collectors.toSet());
    }

    private Trigger trigger(String channel) throws Exception {
        List<? extends Trigger> triggers = scheduler.getTriggersOfJob(JobKey.jobKey(channel, ChannelJobs.GROUP));
        assertThat(triggers).hasSize(1);
        return triggers.get(0);
    }

    private static Map<String, String> schedules(String... channelAndSchedule) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < channelAndSchedule.length; i += 2) {
            m.put(channelAndSchedule[i], channelAndSchedule[i + 1]);
        }
        return m;
    }
}
