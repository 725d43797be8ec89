package org.mailsync.store.imap;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The most IMAP connections this JVM holds at once to one server and login, over every channel
 * and everything else that connects (runs of all channels, the daemon's push watches,
 * {@code check}, {@code migrate}): the global config key {@code serverconnections N}, unbounded
 * when absent. Every connection an {@link ImapConnection} opens takes a permit of its key before
 * it connects and gives it back when it is closed or dropped, or when connecting or logging in
 * fails.
 *
 * <p><b>The key</b> is the login user, host and port, lower-cased
 * ({@code alice@imap.example.org:993}): providers cap connections per account (Gmail 15,
 * Dovecot's {@code mail_max_userip_connections} per user and address, Microsoft 365 and Yahoo
 * per mailbox), so two accounts on one server each get the full limit, while two channels
 * (or two stores) of one account share it. It is the key {@code ConnectionPool} already uses
 * for a run's {@code maxconnections}.
 *
 * <p><b>Waiting.</b> An opener that finds no free permit waits, first come first served, for at
 * most {@link #waitTimeout()} (10 minutes, {@code -Dmailsync.serverconnections.wait=SECONDS}),
 * then fails naming the server and the limit. An opener that already holds connections of the
 * same run asks {@linkplain #withoutWaiting without waiting}: a run's pool then goes on with
 * the connections it has, so that two runs holding some each never wait for each other. Before
 * it waits, an opener asks {@linkplain #addReclaimer reclaimers} (connections kept idle between
 * two runs of a daemon's channel) to close theirs.
 *
 * <p><b>Resizing.</b> The size is the config's ({@link #configure}), or the share of a cluster
 * node when one is set ({@link #setShare}); either may change at run time. A smaller size
 * revokes nothing: permits held stay held, and none is granted until fewer than the new size
 * are held.
 *
 * <p>One instance serves the JVM ({@link #jvm()}); tests make their own.
 */
public final class ServerConnectionLimit {

    /** How long an opener waits for a permit unless {@code -Dmailsync.serverconnections.wait=SECONDS} says. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    private static final ServerConnectionLimit JVM = new ServerConnectionLimit(defaultWait());

    /** Set while a pool opens a further connection of a run: take a permit only if one is free now. */
    private static final ThreadLocal<Boolean> NO_WAIT = new ThreadLocal<>();

    /** Closes connections of a key that nobody uses (kept between runs), to free their permits. */
    @FunctionalInterface
    public interface Reclaimer {
        /** Closes what it can spare of the key's connections; whether it closed any. */
        boolean reclaim();
    }

    /** A permit held: {@link #close()} gives it back, once however often it is called. */
    public final class Permit implements AutoCloseable {
        private final String key;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Permit(String key) {
            this.key = key;
        }

        /** The server and login the permit counts against. */
        public String key() {
            return key;
        }

        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                release(key);
            }
        }
    }

    /** One server and login: permits held, the most ever held at once, the openers waiting in order. */
    private static final class Server {
        int held;
        int peak;
        final ArrayDeque<Object> queue = new ArrayDeque<>();
        final List<Reclaimer> reclaimers = new ArrayList<>();
    }

    private final Map<String, Server> servers = new HashMap<>();
    /** {@code serverconnections} of the config, null for none (unbounded). */
    private Integer configured;
    /** A cluster node's share, null for none: then the configured size holds. */
    private Integer share;
    private Duration waitTimeout;

    /** A limit of its own, unbounded until {@linkplain #configure configured} (for tests; the JVM's is {@link #jvm()}). */
    public ServerConnectionLimit(Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
    }

    /** The limit of every IMAP connection of this JVM. */
    public static ServerConnectionLimit jvm() {
        return JVM;
    }

    private static Duration defaultWait() {
        String seconds = System.getProperty("mailsync.serverconnections.wait");
        if (seconds != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.trim())));
            } catch (NumberFormatException e) {
                // the default, as for an absent property
            }
        }
        return DEFAULT_WAIT;
    }

    /** The key of a server and login: {@code user@host:port}, lower-cased. */
    public static String key(String user, String host, int port) {
        return (user + "@" + host + ":" + port).toLowerCase(Locale.ROOT);
    }

    /**
     * Runs {@code action} (a pool opening a further connection for a run that holds one
     * already) so that the connections it opens in this thread take a permit only if one is
     * free now, instead of waiting: they fail with a {@link ConnectionLimitException} whose
     * {@link ConnectionLimitException#busy()} is true, and the pool goes on with fewer.
     */
    public static <T> T withoutWaiting(Callable<T> action) throws Exception {
        Boolean before = NO_WAIT.get();
        NO_WAIT.set(Boolean.TRUE);
        try {
            return action.call();
        } finally {
            if (before == null) {
                NO_WAIT.remove();
            } else {
                NO_WAIT.set(before);
            }
        }
    }

    /** Whether the current thread is inside {@link #withoutWaiting}. */
    static boolean noWaitHere() {
        return Boolean.TRUE.equals(NO_WAIT.get());
    }

    /** Whether a failure, or one of its causes, is a further connection refused for want of a free permit. */
    public static boolean isBusy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionLimitException e && e.busy()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ size

    /**
     * The size the config gives ({@code serverconnections}), null for unbounded; it holds
     * while no {@linkplain #setShare share} is set.
     */
    public synchronized void configure(Integer serverConnections) {
        if (serverConnections != null && serverConnections < 1) {
            throw new IllegalArgumentException("serverconnections must be at least 1: " + serverConnections);
        }
        configured = serverConnections;
        notifyAll();
    }

    /**
     * This JVM's share of the deployment's limit (a cluster node gets
     * {@code max(1, configured / liveNodes)}), in place of the configured size until
     * {@link #clearShare()}. Takes effect at once: a larger share lets waiting openers in, a
     * smaller one revokes no permit held, it only grants none until fewer than it are held.
     */
    public synchronized void setShare(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("a share of server connections must be at least 1: " + permits);
        }
        share = permits;
        notifyAll();
    }

    /** Drops the {@linkplain #setShare share}: the configured size holds again. */
    public synchronized void clearShare() {
        share = null;
        notifyAll();
    }

    /** The configured {@code serverconnections} (the deployment's), empty when unbounded. */
    public synchronized OptionalInt configured() {
        return configured == null ? OptionalInt.empty() : OptionalInt.of(configured);
    }

    /** The size in force in this JVM: the share if set, else the configured one; empty when unbounded. */
    public synchronized OptionalInt size() {
        Integer s = share != null ? share : configured;
        return s == null ? OptionalInt.empty() : OptionalInt.of(s);
    }

    /** What the size in force is, for messages. */
    private synchronized String sizeName() {
        return share != null ? "this node's share of serverconnections" : "serverconnections";
    }

    private int sizeNow() {
        Integer s = share != null ? share : configured;
        return s == null ? Integer.MAX_VALUE : s;
    }

    /** How long an opener waits for a permit. */
    public synchronized Duration waitTimeout() {
        return waitTimeout;
    }

    public synchronized void waitTimeout(Duration timeout) {
        this.waitTimeout = timeout;
    }

    // ------------------------------------------------------------------ permits

    /**
     * A permit of the key: at once if one is free and nobody waits before us; else, inside
     * {@link #withoutWaiting}, a busy {@link ConnectionLimitException}; else after waiting
     * (first come first served) up to {@link #waitTimeout()}, past which it fails naming the
     * server and the limit.
     */
    public Permit acquire(String key) throws ConnectionLimitException {
        return noWaitHere() ? tryAcquireOrFail(key) : acquire(key, waitTimeout());
    }

    private Permit tryAcquireOrFail(String key) throws ConnectionLimitException {
        Permit p = tryAcquire(key);
        if (p == null) {
            int size;
            synchronized (this) {
                size = sizeNow();
            }
            throw new ConnectionLimitException("no further connection to " + key + " now: this process holds the "
                    + size + " that " + sizeName() + " allows", true);
        }
        return p;
    }

    /** A permit if one is free now and nobody waits for one; null otherwise. */
    public synchronized Permit tryAcquire(String key) {
        Server s = server(key);
        if (!s.queue.isEmpty() || s.held >= sizeNow()) {
            return null;
        }
        return grant(key, s);
    }

    /** {@link #acquire(String)} with a wait of its own. */
    public Permit acquire(String key, Duration timeout) throws ConnectionLimitException {
        Object ticket = new Object();
        List<Reclaimer> reclaimers;
        synchronized (this) {
            Server s = server(key);
            if (s.queue.isEmpty() && s.held < sizeNow()) {
                return grant(key, s);
            }
            s.queue.addLast(ticket);
            reclaimers = new ArrayList<>(s.reclaimers);
        }
        boolean done = false;
        try {
            // Connections kept idle for another run give way (outside the lock: they log out).
            for (Reclaimer r : reclaimers) {
                synchronized (this) {
                    Server s = server(key);
                    if (s.held < sizeNow()) {
                        break;
                    }
                }
                try {
                    if (r.reclaim()) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // a reclaimer that fails frees nothing; waiting goes on
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                Server s = server(key);
                while (true) {
                    if (s.queue.peekFirst() == ticket && s.held < sizeNow()) {
                        s.queue.removeFirst();
                        done = true;
                        notifyAll(); // the next in line may fit too
                        return grant(key, s);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new ConnectionLimitException("waited " + describe(timeout) + " for a connection to " + key
                                + " in vain: this process holds " + s.held + " of the " + sizeNow() + " that " + sizeName()
                                + " allows to it, for other channels' runs or push watches"
                                + " (raise serverconnections, or lower maxconnections or the channels run at once)", false);
                    }
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ConnectionLimitException("interrupted while waiting for a connection to " + key, false);
                    }
                }
            }
        } finally {
            if (!done) {
                synchronized (this) {
                    server(key).queue.remove(ticket);
                    notifyAll();
                }
            }
        }
    }

    private Permit grant(String key, Server s) {
        s.held++;
        s.peak = Math.max(s.peak, s.held);
        return new Permit(key);
    }

    private synchronized void release(String key) {
        Server s = server(key);
        s.held--;
        notifyAll();
    }

    private Server server(String key) {
        return servers.computeIfAbsent(key, k -> new Server());
    }

    private static String describe(Duration d) {
        long seconds = d.toSeconds();
        return seconds >= 60 && seconds % 60 == 0 ? (seconds / 60) + " min" : d.toMillis() < 1000 ? d.toMillis() + " ms" : seconds + " s";
    }

    // ------------------------------------------------------------------ reclaimers

    /** Registers connections of a key that may be closed when an opener must wait. */
    public synchronized void addReclaimer(String key, Reclaimer reclaimer) {
        server(key).reclaimers.add(reclaimer);
    }

    /** Registers a reclaimer unless openers of the key are waiting already; whether it was registered. */
    public synchronized boolean addReclaimerUnlessWaited(String key, Reclaimer reclaimer) {
        Server s = server(key);
        if (!s.queue.isEmpty()) {
            return false;
        }
        s.reclaimers.add(reclaimer);
        return true;
    }

    public synchronized void removeReclaimer(String key, Reclaimer reclaimer) {
        Server s = servers.get(key);
        if (s != null) {
            s.reclaimers.remove(reclaimer);
        }
    }

    // ------------------------------------------------------------------ observing

    /** The permits of a key held now. */
    public synchronized int held(String key) {
        Server s = servers.get(key);
        return s == null ? 0 : s.held;
    }

    /** The most permits of a key held at once since the last {@link #resetPeak} (for tests and monitoring). */
    public synchronized int peak(String key) {
        Server s = servers.get(key);
        return s == null ? 0 : s.peak;
    }

    /** Starts counting the peak of a key afresh, from the permits held now. */
    public synchronized void resetPeak(String key) {
        Server s = server(key);
        s.peak = s.held;
    }

    /** The openers of a key waiting now. */
    public synchronized int waiting(String key) {
        Server s = servers.get(key);
        return s == null ? 0 : s.queue.size();
    }
}
