package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;

/**
 * The connection pool of a run's IMAP server, against a stand-in server that counts the
 * connections open at once and, like Dovecot's {@code mail_max_userip_connections}, refuses
 * logins beyond its own limit: many folder pairs leasing at once never have more connections
 * than the limit, a server that takes fewer is shared instead of failing pairs, and two stores
 * on one server never leave pairs waiting for each other.
 */
class ConnectionPoolTest {

    private static final Duration DEADLOCK = Duration.ofSeconds(20);

    /** A server that takes at most {@code max} connections at once. */
    static final class Server {
        final int max;
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger mostLive = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final Set<MailStore> inUse = ConcurrentHashMap.newKeySet();

        Server(int max) {
            this.max = max;
        }

        /** Logs in: a new store, or the refusal Dovecot gives. */
        synchronized MailStore connect(String name) throws StoreException {
            if (live.get() >= max) {
                refused.incrementAndGet();
                throw new StoreException(name + ": login failed: [LIMIT] Maximum number of connections exceeded");
            }
            mostLive.accumulateAndGet(live.incrementAndGet(), Math::max);
            AtomicInteger closes = new AtomicInteger();
            return (MailStore) Proxy.newProxyInstance(MailStore.class.getClassLoader(), new Class<?>[] {MailStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
                            live.decrementAndGet();
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            case "toString" -> name + " connection";
                            default -> null;
                        };
                    });
        }
    }

    private static ConnectionPool pool(Server server, int limit, String... stores) throws StoreException {
        ConnectionPool pool = new ConnectionPool("alice@imap.example.org:143", limit);
        for (String store : stores) {
            pool.add(store, server.connect(store), () -> server.connect(store), limit);
        }
        return pool;
    }

    /** Leases from many threads at once, each lease held a moment; checks that no connection is lent twice. */
    private static void leaseConcurrently(ConnectionPool pool, Server server, List<String> stores, int threads, int times)
            throws Exception {
        ExecutorService pairs = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pairs.submit(() -> {
                    for (int i = 0; i < times; i++) {
                        Map<String, MailStore> lease = pool.acquire(stores);
                        assertThat(lease.keySet()).containsExactlyElementsOf(stores);
                        for (MailStore store : lease.values()) {
                            assertThat(server.inUse.add(store)).as("a connection lent to two pairs at once").isTrue();
                        }
                        Thread.sleep(2);
                        lease.values().forEach(server.inUse::remove);
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
    }

    @Test
    void pairsNeverHaveMoreConnectionsThanTheLimit() throws Exception {
        Server server = new Server(100);
        ConnectionPool pool = pool(server, 3, "remote");

        assertTimeoutPreemptively(DEADLOCK, () -> leaseConcurrently(pool, server, List.of("remote"), 8, 25));

        assertThat(server.mostLive.get()).as("connections open at once").isEqualTo(3);
        assertThat(pool.mostLent()).isEqualTo(3);
        assertThat(server.refused.get()).isZero();
        assertThat(pool.takeNotice()).isNull();
        pool.close();
        assertThat(server.live.get()).as("connections left open").isZero();
    }

    @Test
    void aServerThatTakesFewerIsSharedAndSaidOnce() throws Exception {
        Server server = new Server(2);
        ConnectionPool pool = pool(server, 4, "remote");

        assertTimeoutPreemptively(DEADLOCK, () -> leaseConcurrently(pool, server, List.of("remote"), 8, 25));

        assertThat(server.mostLive.get()).isEqualTo(2);
        assertThat(server.refused.get()).as("the server is not asked again and again").isBetween(1, 2);
        assertThat(pool.open()).isEqualTo(2);
        assertThat(pool.takeNotice()).startsWith("store remote: alice@imap.example.org:143 refused connection 3 (")
                .contains("[LIMIT]").endsWith("the folder pairs share the 2 connections it took (maxconnections 2 avoids asking)");
        assertThat(pool.takeNotice()).as("said once").isNull();
        pool.close();
        assertThat(server.live.get()).isZero();
    }

    @Test
    void twoStoresOnOneServerAreLeasedTogetherSoPairsNeverWaitForEachOther() throws Exception {
        Server server = new Server(4);
        ConnectionPool pool = pool(server, 4, "work", "archive");

        assertTimeoutPreemptively(DEADLOCK, () -> leaseConcurrently(pool, server, List.of("work", "archive"), 8, 25));

        assertThat(server.mostLive.get()).isEqualTo(4);
        pool.close();
        assertThat(server.live.get()).isZero();
    }

    @Test
    void theLimitIsNeverBelowWhatOnePairNeeds() throws Exception {
        Server server = new Server(10);
        ConnectionPool pool = pool(server, 1, "work", "archive"); // maxconnections 1, but a pair needs both stores

        assertTimeoutPreemptively(DEADLOCK, () -> leaseConcurrently(pool, server, List.of("work", "archive"), 4, 10));

        assertThat(server.mostLive.get()).isEqualTo(2);
        pool.close();
    }

    /**
     * In the daemon a pool serves the channel's runs one after another: each begins as a new
     * pool would, with the configured limit, asking the server again and saying a refusal
     * again, and on the connections the runs before it left open.
     */
    @Test
    void theNextRunOnAPoolBeginsAsOnANewOne() throws Exception {
        Server server = new Server(2);
        ConnectionPool pool = pool(server, 4, "remote");
        assertTimeoutPreemptively(DEADLOCK, () -> leaseConcurrently(pool, server, List.of("remote"), 8, 10));
        assertThat(pool.takeNotice()).contains("refused connection 3");
        assertThat(pool.lent()).isZero();
        int refused = server.refused.get();
        MailStore first = pool.idle("remote", null);

        pool.beginRun();

        assertThat(pool.open()).as("the connections stay").isEqualTo(2);
        assertThat(server.live.get()).isEqualTo(2);
        assertThat(pool.idle("remote", null)).as("the run's first store is not lent").isSameAs(first);
        MailStore x = pool.acquire(List.of("remote")).get("remote");
        MailStore y = pool.acquire(List.of("remote")).get("remote");
        pool.release(Map.of("remote", x));
        pool.release(Map.of("remote", y));
        assertThat(pool.idle("remote", null)).as("the one given back last").isSameAs(y);
        assertThat(pool.idle("remote", x)).as("unless the one asked for is idle").isSameAs(x);
        assertTimeoutPreemptively(DEADLOCK, () -> leaseConcurrently(pool, server, List.of("remote"), 8, 10));
        assertThat(server.refused.get()).as("the run asked the server again").isGreaterThan(refused);
        assertThat(pool.takeNotice()).as("and said so again").contains("refused connection 3");
        assertThat(server.mostLive.get()).isEqualTo(2);

        Map<String, MailStore> lent = pool.acquire(List.of("remote"));
        assertThatThrownBy(pool::beginRun).as("never while a connection is out").isInstanceOf(IllegalStateException.class);
        pool.release(lent);
        pool.close();
        assertThat(server.live.get()).isZero();
        assertThat(pool.idle("remote", first)).isNull();
    }

    @Test
    void aClosedPoolClosesItsConnectionsAndLendsNoMore() throws Exception {
        Server server = new Server(10);
        ConnectionPool pool = pool(server, 4, "remote");
        Map<String, MailStore> lent = pool.acquire(List.of("remote"));
        pool.acquire(List.of("remote"));

        pool.close();

        assertThat(server.live.get()).as("lent ones too: the run is over").isZero();
        assertThatThrownBy(() -> pool.acquire(List.of("remote"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("the run has ended");
        pool.release(lent); // a pair that ends after its run: nothing to give back to
        assertThat(server.live.get()).isZero();
    }
}
