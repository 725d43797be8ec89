package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.mailsync.store.imap.ServerConnectionLimit;

/**
 * Runs' pools of one server under the process's {@link ServerConnectionLimit}
 * ({@code serverconnections}): several runs at once, each allowed more connections than the
 * process, never hold more than the process's limit together, every pair of every run gets
 * done, a run whose further connections find no permit goes on with the ones it has (and
 * never waits for another run's), and every permit comes back.
 */
class ConnectionPoolServerLimitTest {

    private static final Duration DEADLOCK = Duration.ofSeconds(60);
    private static final String SERVER = "alice@imap.example.org:143";
    private static final String KEY = SERVER.toLowerCase();

    private final ServerConnectionLimit limit = new ServerConnectionLimit(Duration.ofSeconds(30));
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger refusedAsBusy = new AtomicInteger();

    /**
     * A connection as {@code ImapConnection} opens one: a permit of the limit first (without
     * waiting inside {@link ServerConnectionLimit#withoutWaiting}), given back when closed.
     */
    private MailStore connect(String name) throws StoreException {
        ServerConnectionLimit.Permit permit;
        try {
            permit = limit.acquire(KEY);
        } catch (Exception e) {
            if (ServerConnectionLimit.isBusy(e)) {
                refusedAsBusy.incrementAndGet();
            }
            throw new StoreException(name + ": " + e.getMessage(), e);
        }
        live.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
                        live.decrementAndGet();
                        permit.close();
                    }
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> name + " connection";
                        default -> null;
                    };
                });
    }

    /** A run's pool of one store: its first connection waits for a permit, as ImapPools opens it. */
    private ConnectionPool run(int maxconnections) throws StoreException {
        ConnectionPool pool = new ConnectionPool(SERVER, maxconnections);
        pool.add("remote", connect("remote"), () -> connect("remote"), maxconnections);
        return pool;
    }

    /** A run's folder pairs: {@code threads} at once, each leasing {@code times}, holding a connection a moment. */
    private static Callable pairs(ConnectionPool pool, int threads, int times) {
        return () -> {
            ExecutorService pairs = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pairs.submit(() -> {
                        for (int i = 0; i < times; i++) {
                            Map<String, MailStore> lease = pool.acquire(List.of("remote"));
                            Thread.sleep(3);
                            pool.release(lease);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pairs.shutdownNow();
            }
            return null;
        };
    }

    private interface Callable extends java.util.concurrent.Callable<Object> {
    }

    @Test
    void runsAtOnceNeverHoldMoreThanTheProcessLimitAndAllTheirPairsGetDone() throws Exception {
        limit.configure(2);
        ExecutorService runs = Executors.newFixedThreadPool(3);
        try {
            assertTimeoutPreemptively(DEADLOCK, () -> {
                List<Future<Object>> done = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    done.add(runs.submit(() -> {
                        try (ConnectionPool pool = run(4)) {
                            return pairs(pool, 4, 20).call();
                        }
                    }));
                }
                for (Future<Object> f : done) {
                    f.get();
                }
            });
        } finally {
            runs.shutdownNow();
        }

        assertThat(limit.peak(KEY)).as("connections held at once by all runs").isEqualTo(2);
        assertThat(limit.held(KEY)).as("permits left held").isZero();
        assertThat(live.get()).as("connections left open").isZero();
    }

    @Test
    void aRunWhoseFurtherConnectionsFindNoPermitGoesOnWithItsFirst() throws Exception {
        limit.configure(2);
        ServerConnectionLimit.Permit other = limit.acquire(KEY); // another run's connection
        ConnectionPool pool = run(4);

        assertTimeoutPreemptively(DEADLOCK, () -> pairs(pool, 4, 10).call());

        assertThat(pool.open()).as("the run went on with the one it had").isEqualTo(1);
        assertThat(refusedAsBusy.get()).isPositive();
        assertThat(pool.takeNotice()).as("nothing to tell the user: their own limit").isNull();
        pool.close();
        other.close();
        assertThat(limit.held(KEY)).isZero();
    }

    @Test
    void aRunGrowsAgainWhenAnotherGivesItsConnectionsBack() throws Exception {
        limit.configure(3);
        ServerConnectionLimit.Permit a = limit.acquire(KEY);
        ServerConnectionLimit.Permit b = limit.acquire(KEY);
        ConnectionPool pool = run(4);
        assertTimeoutPreemptively(DEADLOCK, () -> pairs(pool, 3, 5).call());
        assertThat(pool.open()).isEqualTo(1);

        a.close();
        b.close();
        Thread.sleep(ConnectionPool.BUSY_RETRY_NANOS / 1_000_000 + 100);
        assertTimeoutPreemptively(DEADLOCK, () -> pairs(pool, 3, 20).call());

        assertThat(pool.open()).as("the run asked again and got the freed permits").isEqualTo(3);
        pool.close();
        assertThat(limit.held(KEY)).isZero();
    }

    @Test
    void withoutServerconnectionsARunOpensItsMaxconnectionsAsBefore() throws Exception {
        ConnectionPool pool = run(4);

        assertTimeoutPreemptively(DEADLOCK, () -> pairs(pool, 8, 10).call());

        assertThat(pool.open()).isEqualTo(4);
        assertThat(refusedAsBusy.get()).isZero();
        pool.close();
        assertThat(limit.held(KEY)).isZero();
        assertThat(limit.peak(KEY)).isEqualTo(4);
    }
}
