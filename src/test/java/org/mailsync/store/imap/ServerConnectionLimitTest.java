package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The process's limit of connections per IMAP server and login ({@code serverconnections}):
 * permits are taken and given back, a full limit makes openers wait in order, a wait that
 * lasts too long fails naming server and limit, the size can change while permits are held,
 * and a further connection of a run never waits.
 */
class ServerConnectionLimitTest {

    private static final String KEY = ServerConnectionLimit.key("alice", "IMAP.Example.org", 993);
    private static final Duration LONG = Duration.ofSeconds(20);

    private final ServerConnectionLimit limit = new ServerConnectionLimit(LONG);
    /** Threads of their own: the common pool may have one thread on a small machine, and waiters block. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void theKeyIsLoginHostAndPortInLowerCase() {
        assertThat(KEY).isEqualTo("alice@imap.example.org:993");
        assertThat(ServerConnectionLimit.key("Alice", "imap.example.org", 993)).isEqualTo(KEY);
        assertThat(ServerConnectionLimit.key("bob", "imap.example.org", 993)).isNotEqualTo(KEY);
    }

    @Test
    void withoutServerconnectionsEveryPermitIsGrantedAndCounted() throws Exception {
        List<ServerConnectionLimit.Permit> held = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            held.add(limit.acquire(KEY));
        }

        assertThat(limit.size()).isEmpty();
        assertThat(limit.held(KEY)).isEqualTo(50);
        held.forEach(ServerConnectionLimit.Permit::close);
        assertThat(limit.held(KEY)).isZero();
        assertThat(limit.peak(KEY)).isEqualTo(50);
    }

    @Test
    void permitsAreTakenAndGivenBackOnceHoweverOftenClosed() throws Exception {
        limit.configure(2);

        ServerConnectionLimit.Permit a = limit.acquire(KEY);
        ServerConnectionLimit.Permit b = limit.acquire(KEY);
        assertThat(limit.held(KEY)).isEqualTo(2);
        assertThat(limit.tryAcquire(KEY)).isNull();
        a.close();
        a.close();

        assertThat(limit.held(KEY)).isEqualTo(1);
        ServerConnectionLimit.Permit c = limit.tryAcquire(KEY);
        assertThat(c).isNotNull();
        b.close();
        c.close();
        assertThat(limit.held(KEY)).isZero();
        assertThat(limit.peak(KEY)).isEqualTo(2);
    }

    @Test
    void anotherServerOrLoginHasPermitsOfItsOwn() throws Exception {
        limit.configure(1);
        limit.acquire(KEY);

        assertThat(limit.tryAcquire(ServerConnectionLimit.key("bob", "imap.example.org", 993))).isNotNull();
        assertThat(limit.tryAcquire(ServerConnectionLimit.key("alice", "imap.example.org", 143))).isNotNull();
        assertThat(limit.tryAcquire(KEY)).isNull();
    }

    @Test
    void aFullLimitMakesTheOpenerWaitUntilAPermitIsGivenBack() throws Exception {
        limit.configure(1);
        ServerConnectionLimit.Permit first = limit.acquire(KEY);

        CompletableFuture<ServerConnectionLimit.Permit> second = CompletableFuture.supplyAsync(() -> acquire(KEY), threads);
        awaitWaiting(1);
        assertThat(second).isNotDone();
        first.close();

        assertThat(second.get(10, TimeUnit.SECONDS).key()).isEqualTo(KEY);
        assertThat(limit.held(KEY)).isEqualTo(1);
        assertThat(limit.waiting(KEY)).isZero();
    }

    @Test
    void waitingOpenersAreServedFirstComeFirstServed() throws Exception {
        limit.configure(1);
        ServerConnectionLimit.Permit held = limit.acquire(KEY);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            waiters.add(CompletableFuture.runAsync(() -> {
                ServerConnectionLimit.Permit p = acquire(KEY);
                order.add(n);
                p.close();
            }, threads));
            awaitWaiting(i + 1); // queued in this order
        }

        held.close();
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(order).containsExactly(0, 1, 2, 3);
        assertThat(limit.held(KEY)).isZero();
        assertThat(limit.peak(KEY)).isEqualTo(1);
    }

    @Test
    void aWaitLongerThanTheTimeoutFailsNamingServerAndLimit() throws Exception {
        limit.configure(2);
        limit.waitTimeout(Duration.ofMillis(200));
        limit.acquire(KEY);
        limit.acquire(KEY);

        assertThatThrownBy(() -> limit.acquire(KEY))
                .isInstanceOf(ConnectionLimitException.class)
                .hasMessageContaining("alice@imap.example.org:993")
                .hasMessageContaining("holds 2 of the 2 that serverconnections allows")
                .hasMessageContaining("waited 200 ms");
        assertThat(limit.waiting(KEY)).as("the one that gave up left the queue").isZero();
        assertThat(limit.held(KEY)).isEqualTo(2);
    }

    @Test
    void aFurtherConnectionOfARunFailsAtOnceInsteadOfWaiting() throws Exception {
        limit.configure(1);
        limit.acquire(KEY);
        long start = System.nanoTime();

        assertThatThrownBy(() -> ServerConnectionLimit.withoutWaiting(() -> limit.acquire(KEY)))
                .isInstanceOfSatisfying(ConnectionLimitException.class, e -> assertThat(e.busy()).isTrue())
                .satisfies(e -> assertThat(ServerConnectionLimit.isBusy(new RuntimeException("wrapped", e))).isTrue());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(limit.held(KEY)).isEqualTo(1);
    }

    @Test
    void aGrownShareGoesToTheWaitingOpenerFirst() throws Exception {
        limit.configure(1);
        ServerConnectionLimit.Permit held = limit.acquire(KEY);
        CompletableFuture<ServerConnectionLimit.Permit> waiter = CompletableFuture.supplyAsync(() -> acquire(KEY), threads);
        awaitWaiting(1);
        limit.setShare(2); // a free permit, but the waiter is first in line
        ServerConnectionLimit.Permit got = waiter.get(10, TimeUnit.SECONDS);

        assertThat(limit.tryAcquire(KEY)).as("both held").isNull();
        held.close();
        got.close();
    }

    @Test
    void growingTheShareLetsWaitingOpenersIn() throws Exception {
        limit.configure(4);
        limit.setShare(1);
        limit.acquire(KEY);
        CompletableFuture<ServerConnectionLimit.Permit> a = CompletableFuture.supplyAsync(() -> acquire(KEY), threads);
        awaitWaiting(1);
        CompletableFuture<ServerConnectionLimit.Permit> b = CompletableFuture.supplyAsync(() -> acquire(KEY), threads);
        awaitWaiting(2);

        limit.setShare(3);

        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        assertThat(limit.held(KEY)).isEqualTo(3);
        assertThat(limit.size()).hasValue(3);
        assertThat(limit.configured()).hasValue(4);
    }

    @Test
    void shrinkingTheShareRevokesNoHeldPermitButGrantsNoneUntilBelowTheNewSize() throws Exception {
        limit.configure(4);
        List<ServerConnectionLimit.Permit> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(limit.acquire(KEY));
        }

        limit.setShare(2);

        assertThat(limit.held(KEY)).isEqualTo(4);
        held.remove(0).close();
        held.remove(0).close();
        assertThat(limit.held(KEY)).isEqualTo(2);
        assertThat(limit.tryAcquire(KEY)).as("2 held of a share of 2").isNull();
        held.remove(0).close();
        assertThat(limit.tryAcquire(KEY)).isNotNull();
        assertThat(limit.held(KEY)).isEqualTo(2);
    }

    @Test
    void clearingTheShareGoesBackToTheConfiguredSize() throws Exception {
        limit.configure(3);
        limit.setShare(1);
        limit.acquire(KEY);
        assertThat(limit.tryAcquire(KEY)).isNull();

        limit.clearShare();

        assertThat(limit.size()).hasValue(3);
        assertThat(limit.tryAcquire(KEY)).isNotNull();
    }

    @Test
    void aShareOrSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> limit.setShare(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limit.configure(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionsKeptIdleElsewhereAreReclaimedBeforeAnOpenerWaits() throws Exception {
        limit.configure(1);
        ServerConnectionLimit.Permit kept = limit.acquire(KEY);
        ServerConnectionLimit.Reclaimer reclaimer = () -> {
            kept.close();
            return true;
        };
        limit.addReclaimer(KEY, reclaimer);

        ServerConnectionLimit.Permit p = limit.acquire(KEY, Duration.ofSeconds(5));

        assertThat(limit.held(KEY)).isEqualTo(1);
        p.close();
        limit.removeReclaimer(KEY, reclaimer);
        assertThat(limit.addReclaimerUnlessWaited(KEY, reclaimer)).isTrue();
    }

    @Test
    void connectionsAreNotKeptIdleWhileSomeoneWaits() throws Exception {
        limit.configure(1);
        ServerConnectionLimit.Permit held = limit.acquire(KEY);
        CompletableFuture<ServerConnectionLimit.Permit> waiter = CompletableFuture.supplyAsync(() -> acquire(KEY), threads);
        awaitWaiting(1);

        assertThat(limit.addReclaimerUnlessWaited(KEY, () -> false)).isFalse();
        held.close();
        waiter.get(10, TimeUnit.SECONDS).close();
    }

    private ServerConnectionLimit.Permit acquire(String key) {
        try {
            return limit.acquire(key);
        } catch (ConnectionLimitException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (limit.waiting(KEY) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + n + " waiting");
            }
            Thread.sleep(5);
        }
    }
}
