package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.mboxIds;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SqliteSyncStateFactory;
import org.mailsync.msinfo.SyncState;
import org.mailsync.msinfo.SyncStateFactory;
import org.mailsync.report.RunReport;

/**
 * Two consumers of one channel never run at the same time: runs are made slow (the channel's
 * state, bound as {@code mailsyncState}, pauses in {@code load} and {@code close}), both
 * consumers poll every 50 ms, and every run of either holds the channel alone — its report's
 * interval ({@code startedAt} + {@code durationMillis}) and its time holding the state overlap
 * no other run's — while a poll that finds the channel busy emits nothing. The control case
 * proves the check can fail: dry runs take no lock, and the same two consumers then overlap.
 */
class ConsumersNeverOverlapTest extends RouteSetTestSupport {

    /** How long each {@code load} of the state pauses: a run takes at least this long. */
    private static final long LOAD_PAUSE_MS = 100;
    /**
     * How long closing the state pauses. The state is closed before the lock is released and
     * after the report is made, so the lock is held this long past the end of the report's
     * interval: far longer than what a run does before it tries the lock (read the config,
     * open two local stores), so that even reports' intervals cannot touch when the lock works.
     */
    private static final long CLOSE_PAUSE_MS = 100;

    private final SlowStates states = new SlowStates();
    private final PollCounter firstPolls = new PollCounter();
    private final PollCounter secondPolls = new PollCounter();
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind(SyncStateFactory.BEAN_NAME, states);
        registry.bind("firstPolls", firstPolls);
        registry.bind("secondPolls", secondPolls);
    }

    /**
     * The channel has synced once before (a channel's very first run is
     * {@link FirstRunHoldsTheChannelTest}'s subject), and a message has arrived since.
     */
    @BeforeEach
    void syncedOnceThenNewMail() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");
        assertThat(report(uri("backup", "")).copied()).isEqualTo(3);
        maildir(mail.resolve("inbox"), "a3");
    }

    @Test
    void twoConsumersOfOneChannelTakeTurns() throws Exception {
        NotifyBuilder bothRan = new NotifyBuilder(context).fromRoute("first").whenDone(2)
                .and().fromRoute("second").whenDone(2).create();

        startConsumers("");

        assertThat(bothRan.matches(10, TimeUnit.SECONDS)).as("both consumers ran twice; runs: %s", runs).isTrue();
        List<Run> done = List.copyOf(runs);
        List<long[]> held = states.held();
        assertThat(done).allSatisfy(r -> assertThat(r.report().exitCode()).as(r.toString()).isZero());
        assertThat(done).filteredOn(r -> r.report().copied() > 0).as("only one run copies the new message")
                .singleElement().satisfies(r -> assertThat(r.report().copied()).isEqualTo(1));
        assertThat(mboxIds(archive.resolve("inbox"))).as("copied once").containsExactly("a1", "a2", "a3", "b1");
        // Each run held the channel alone ...
        assertThat(states.maxOpen()).as("runs holding the state at once").isEqualTo(1);
        assertNoOverlap(held, "time holding the state (ns)");
        // ... as the reports tell too ...
        assertNoOverlap(done.stream().map(Run::interval).toList(), "report intervals (ms)");
        // ... and the other consumer's polls meanwhile found the channel busy and emitted nothing.
        assertThat(firstPolls.skipped.get() + secondPolls.skipped.get()).as("polls that found the channel busy")
                .isPositive();
        assertThat(firstPolls.failed.get() + secondPolls.failed.get()).isZero();
    }

    @Test
    void controlDryRunsTakeNoLockAndDoOverlap() throws Exception {
        NotifyBuilder bothRan = new NotifyBuilder(context).fromRoute("first").whenDone(1)
                .and().fromRoute("second").whenDone(1).create();

        startConsumers("&dryRun=true");

        assertThat(bothRan.matches(10, TimeUnit.SECONDS)).as("both consumers ran; runs: %s", runs).isTrue();
        // What the other test rules out happens here, so its check can see it.
        assertThat(states.maxOpen()).isEqualTo(2);
        assertThat(overlaps(states.held())).isTrue();
        assertThat(overlaps(List.copyOf(runs).stream().map(Run::interval).toList())).as("report intervals overlap").isTrue();
        assertThat(firstPolls.skipped.get() + secondPolls.skipped.get()).isZero();
    }

    private void startConsumers(String options) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("backup", "delay=50&initialDelay=0&pollStrategy=#firstPolls" + options)).routeId("first")
                        .process(e -> runs.add(new Run("first", e.getMessage().getBody(RunReport.class))));
                from(uri("backup", "delay=50&initialDelay=0&pollStrategy=#secondPolls" + options)).routeId("second")
                        .process(e -> runs.add(new Run("second", e.getMessage().getBody(RunReport.class))));
            }
        });
    }

    private static void assertNoOverlap(Collection<long[]> intervals, String what) {
        assertThat(overlaps(intervals)).as("%s overlap: %s", what, describe(intervals)).isFalse();
    }

    private static boolean overlaps(Collection<long[]> intervals) {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(i -> i[0]));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i)[0] < sorted.get(i - 1)[1]) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Collection<long[]> intervals) {
        return intervals.stream().map(i -> "[" + i[0] + ", " + i[1] + "]").toList().toString();
    }

    /** A report a consumer emitted. */
    record Run(String consumer, RunReport report) {
        /** The report's interval in epoch milliseconds. */
        long[] interval() {
            long start = Instant.parse(report.startedAt()).toEpochMilli();
            return new long[] {start, start + report.durationMillis()};
        }

        @Override
        public String toString() {
            return consumer + "@" + report.startedAt() + "+" + report.durationMillis() + "ms copied " + report.copied()
                    + " exit " + report.exitCode() + " " + report.errors();
        }
    }

    /** Counts a consumer's polls by what they emitted (0: the channel was busy). */
    static final class PollCounter implements PollingConsumerPollStrategy {
        final AtomicInteger emitted = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public boolean begin(Consumer consumer, Endpoint endpoint) {
            return true;
        }

        @Override
        public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            (polledMessages == 0 ? skipped : emitted).incrementAndGet();
        }

        @Override
        public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
            failed.incrementAndGet();
            return false;
        }
    }

    /**
     * The SQLite state, slowed down, recording when each run held it: opened after the channel
     * lock was taken, closed before it is released.
     */
    static final class SlowStates implements SyncStateFactory {
        private final SqliteSyncStateFactory sqlite = new SqliteSyncStateFactory();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger maxOpen = new AtomicInteger();
        private final List<long[]> held = new CopyOnWriteArrayList<>();

        int maxOpen() {
            return maxOpen.get();
        }

        List<long[]> held() {
            return List.copyOf(held);
        }

        @Override
        public SyncState open(String channel, Path file, boolean readOnly) throws MsinfoException {
            SyncState real = sqlite.open(channel, file, readOnly);
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            long opened = System.nanoTime();
            return new SyncState() {
                @Override
                public String location() {
                    return real.location();
                }

                @Override
                public Set<String> boxnames(String ch) throws MsinfoException {
                    return real.boxnames(ch);
                }

                @Override
                public Set<String> load(String ch, String boxname) throws MsinfoException {
                    pause(LOAD_PAUSE_MS);
                    return real.load(ch, boxname);
                }

                @Override
                public void replace(String ch, String boxname, Collection<String> identities) throws MsinfoException {
                    real.replace(ch, boxname, identities);
                }

                @Override
                public void replaceChannel(String ch, Map<String, ? extends Collection<String>> folders)
                        throws MsinfoException {
                    real.replaceChannel(ch, folders);
                }

                @Override
                public void forget(String ch, String boxname) throws MsinfoException {
                    real.forget(ch, boxname);
                }

                @Override
                public void close() {
                    pause(CLOSE_PAUSE_MS);
                    held.add(new long[] {opened, System.nanoTime()});
                    open.decrementAndGet();
                    real.close();
                }
            };
        }

        /** The slow part of a run (the point of this test, not a wait for a result). */
        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
