package org.mailsync.assembly;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.config.ConfigException;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.mailsync.store.imap.ServerConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections one run keeps to one IMAP server and login, lent to its folder pairs one
 * pair at a time: a connection (an {@link org.mailsync.store.imap.ImapStore}) is never used by
 * two pairs at once, since a store is not safe for that, and is given back when its pair ends.
 *
 * <ul>
 *   <li><b>On demand, up to a limit.</b> The run's first connection per store (opened, with the
 *       login checked, before anything else of the run) is the pool's first; a pair that finds
 *       none free gets a new one while fewer than the limit ({@code maxconnections}) are open,
 *       else waits for one to be given back. Servers limit connections per user, not per
 *       store, so two stores of a channel on one server and login share one pool and one
 *       limit.</li>
 *   <li><b>A server that says no.</b> A server may take fewer connections than the limit
 *       (Dovecot's {@code mail_max_userip_connections}: {@code NO [LIMIT] Maximum number of
 *       connections ... exceeded}). A further connection that cannot be opened while the pool
 *       has others is taken as that: the limit drops to the connections open, the pair waits
 *       for one of them, and the run says so once ({@link #takeNotice()}). Pairs never fail
 *       for it, and the server is not asked again in this run. Only when the pool has no
 *       connection at all is the failure the pair's.</li>
 *   <li><b>All or nothing.</b> A pair whose two stores are both on this server gets both
 *       connections at once ({@link #acquire}): were it to hold one while waiting for the
 *       other, pairs could wait for each other forever. Such a pair needs two, so the limit is
 *       never below the number of stores.</li>
 *   <li><b>The process's limit.</b> Other runs in this JVM may hold the connections that
 *       {@code serverconnections} allows to the server ({@link ServerConnectionLimit}). The
 *       first connection of each store waits for a permit (ImapPools); a further one only
 *       takes one that is free at once: when there is none, the pool goes on with the
 *       connections it has, as with a server that says no (but silently, and without lowering
 *       the limit for good), and tries again a moment later. So a run that holds connections
 *       never waits for another run's.</li>
 * </ul>
 *
 * <p>The pool belongs to one run; runs of other channels at the same time have their own. In
 * the daemon (a {@code mailsync:} consumer) it serves the channel's runs one after another
 * ({@link KeptConnections}): its connections stay logged in between runs, and each run begins
 * with {@link #beginRun()}, which gives it the limits and the notice a new pool would have.
 */
final class ConnectionPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** How long a pool refused a further connection by the process's limit waits before asking again. */
    static final long BUSY_RETRY_NANOS = 1_000_000_000L;

    /** Opens one more connected store of a config; see {@link ImapStores.Login#open()}. */
    @FunctionalInterface
    interface Opener {
        MailStore open() throws ConfigException, StoreException;
    }

    private final String server;
    private final Map<String, Opener> openers = new LinkedHashMap<>();
    private final Map<String, Deque<MailStore>> idle = new HashMap<>();
    private final List<MailStore> every = new ArrayList<>();
    private int limit;
    /** The limit the stores' configs give, before any refusal (a new run starts from it). */
    private int configuredLimit;
    /** Connections open or being opened, lent or idle. */
    private int open;
    /** Of those, the ones being opened (logging in) right now. */
    private int opening;
    private int mostLent;
    private int lent;
    private String notice;
    /** The first refusal, until the logins under way when it came have ended; then it is said. */
    private Exception refusal;
    private String refusedStore;
    private boolean refusalSaid;
    private boolean closed;
    /** Until when (System.nanoTime) no further connection is asked for: the process's limit had none free. */
    private long busyUntil;
    private boolean busy;

    /**
     * @param server who the connections count against, for messages ({@code alice@imap.example.org:993})
     * @param limit  the most connections to open (the first store's {@code maxconnections})
     */
    ConnectionPool(String server, int limit) {
        this.server = server;
        this.limit = limit;
        this.configuredLimit = limit;
    }

    /**
     * Adds a store of this server and login: its first connection, idle from now on, and how to
     * open more. The limit becomes the smaller of the stores' limits, but no less than the
     * number of stores.
     */
    synchronized void add(String storeName, MailStore first, Opener opener, int storeLimit) {
        if (openers.putIfAbsent(storeName, opener) != null) {
            throw new IllegalStateException("store " + storeName + " is in the pool of " + server + " already");
        }
        idle.computeIfAbsent(storeName, n -> new ArrayDeque<>()).push(first);
        every.add(first);
        open++;
        limit = Math.max(Math.min(limit, storeLimit), openers.size());
        configuredLimit = Math.max(Math.min(configuredLimit, storeLimit), openers.size());
    }

    /**
     * Begins another run on the connections a run before it left here (all given back): the
     * limit is the configured one again and a refusal is said again, once, as in a new pool,
     * so each run asks the server for what it needs and says what it was refused.
     */
    synchronized void beginRun() {
        if (lent != 0) {
            throw new IllegalStateException(lent + " connections to " + server + " are still lent out");
        }
        limit = configuredLimit;
        notice = null;
        refusal = null;
        refusedStore = null;
        refusalSaid = false;
    }

    /**
     * An idle connection of a store, not lent (a run's first store: it lists the folders before
     * the pairs lease): {@code preferred} if it is idle (the last run's first store, which has
     * asked the server what it asks once per connection, such as the hierarchy delimiter), else
     * the one given back last, as the likeliest to be alive; null when none.
     */
    synchronized MailStore idle(String storeName, MailStore preferred) {
        Deque<MailStore> free = idle.get(storeName);
        if (free == null) {
            return null;
        }
        return preferred != null && free.contains(preferred) ? preferred : free.peek();
    }

    /** The connections lent out now. */
    synchronized int lent() {
        return lent;
    }

    /**
     * A connection of each of the stores, all at once, waiting while every connection the
     * server takes is lent out. Give them back with {@link #release}.
     *
     * @param storeNames stores added to this pool, each at most once
     * @return the connections, by store name
     * @throws StoreException the pool has no connection and none could be opened; or the run
     *                        ended or the thread was interrupted while waiting
     */
    Map<String, MailStore> acquire(List<String> storeNames) throws StoreException {
        while (true) {
            Map<String, MailStore> taken = new LinkedHashMap<>();
            List<String> toOpen = new ArrayList<>();
            List<Opener> howToOpen = new ArrayList<>();
            synchronized (this) {
                reserve(storeNames, taken, toOpen);
                toOpen.forEach(name -> howToOpen.add(openers.get(name)));
            }
            // Logging in takes round trips: done outside the lock, the reservation holds the place.
            String failedStore = null;
            Exception failure = null;
            for (int i = 0; i < toOpen.size(); i++) {
                String name = toOpen.get(i);
                try {
                    taken.put(name, openFurther(howToOpen.get(i)));
                } catch (ConfigException | StoreException e) {
                    failedStore = name;
                    failure = e;
                    break;
                }
            }
            synchronized (this) {
                opening -= toOpen.size();
                if (closed) {
                    // The run ended while this pair logged in: nothing is lent any more.
                    toOpen.stream().map(taken::get).filter(java.util.Objects::nonNull).forEach(MailStore::close);
                    throw new StoreException("the connections to " + server + " are closed: the run has ended");
                }
                for (String name : toOpen) {
                    if (taken.containsKey(name)) {
                        every.add(taken.get(name));
                    }
                }
                if (failure != null && ServerConnectionLimit.isBusy(failure)) {
                    busy(toOpen.size() - (int) toOpen.stream().filter(taken::containsKey).count(), failure, taken);
                } else if (failure != null) {
                    refused(toOpen.size() - (int) toOpen.stream().filter(taken::containsKey).count(), failedStore, failure,
                            taken);
                }
                if (refusal != null && opening == 0) {
                    sayRefusal();
                }
                if (failure == null) {
                    return taken;
                }
            }
            // Wait for a connection of the ones the server took; the next round finds it.
        }
    }

    /** Gives connections back: to the next pair waiting for one, else idle (after the run, they are closed already). */
    synchronized void release(Map<String, MailStore> stores) {
        lent -= stores.size();
        if (!closed) {
            for (Map.Entry<String, MailStore> e : stores.entrySet()) {
                idle.get(e.getKey()).push(e.getValue());
            }
        }
        notifyAll();
    }

    /** What the run should say, once, about a server that took fewer connections than the limit; null otherwise. */
    synchronized String takeNotice() {
        String n = notice;
        notice = null;
        return n;
    }

    /** The most connections lent out at once so far (for tests). */
    synchronized int mostLent() {
        return mostLent;
    }

    /** The connections open now, lent or idle (for tests). */
    synchronized int open() {
        return open;
    }

    /** Closes every connection, lent or not: the run is over. */
    @Override
    public void close() {
        List<MailStore> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(every);
            every.clear();
            idle.clear();
            notifyAll();
        }
        for (MailStore store : all) {
            store.close();
        }
    }

    /** Takes idle connections and reserves new ones for the rest, or waits until it can. */
    private void reserve(List<String> storeNames, Map<String, MailStore> taken, List<String> toOpen) throws StoreException {
        while (true) {
            if (closed) {
                throw new StoreException("the connections to " + server + " are closed: the run has ended");
            }
            int missing = 0;
            for (String name : storeNames) {
                if (idle.get(name).isEmpty()) {
                    missing++;
                }
            }
            if (busy && System.nanoTime() - busyUntil >= 0) {
                busy = false; // ask the process's limit again
            }
            if (open + missing <= (busy ? Math.min(limit, open) : limit)) {
                for (String name : storeNames) {
                    MailStore free = idle.get(name).poll();
                    if (free != null) {
                        taken.put(name, free);
                    } else {
                        toOpen.add(name);
                    }
                }
                open += missing;
                opening += missing;
                lent += storeNames.size();
                mostLent = Math.max(mostLent, lent);
                return;
            }
            try {
                if (busy) {
                    wait(Math.max(1, (busyUntil - System.nanoTime()) / 1_000_000));
                } else {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for a connection to " + server);
            }
        }
    }

    /**
     * A further connection, opened without waiting for the process's limit
     * ({@link ServerConnectionLimit#withoutWaiting}): the run holds connections already.
     */
    private static MailStore openFurther(Opener opener) throws ConfigException, StoreException {
        try {
            return ServerConnectionLimit.withoutWaiting(opener::open);
        } catch (ConfigException | StoreException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A further connection found no free permit of the process's limit (other runs hold them):
     * what this attempt holds goes back, and the pairs share the connections open until
     * {@link #BUSY_RETRY_NANOS} later, when a pair that finds none idle asks again. Nothing is
     * said: the limit of the server is the user's own setting, and no pair fails for it.
     */
    private void busy(int unopened, Exception failure, Map<String, MailStore> taken) throws StoreException {
        open -= unopened;
        lent -= unopened;
        release(taken);
        if (open == 0) {
            throw failure instanceof StoreException e ? e : new StoreException(failure.getMessage(), failure);
        }
        LOG.debug("{}: no further connection for now ({} open): {}", server, open, failure.getMessage());
        busy = true;
        busyUntil = System.nanoTime() + BUSY_RETRY_NANOS;
    }

    /**
     * A new connection could not be opened: what this attempt holds goes back, and the server
     * is taken to allow only the connections it has, counting those other pairs are opening
     * right now (see the class comment). Throws when there are none, as then the server cannot
     * be reached at all.
     */
    private void refused(int unopened, String storeName, Exception failure, Map<String, MailStore> taken)
            throws StoreException {
        open -= unopened;
        lent -= unopened;
        release(taken);
        if (open == 0) {
            throw failure instanceof StoreException e ? e : new StoreException(failure.getMessage(), failure);
        }
        LOG.debug("{}: a further connection was refused with {} open: {}", server, open, failure.getMessage());
        limit = Math.min(limit, Math.max(open, openers.size()));
        if (refusal == null && !refusalSaid) {
            refusal = failure;
            refusedStore = storeName;
        }
    }

    /**
     * The notice about the first refusal, once no other login is under way, so that it names
     * the connections the server really took.
     */
    private void sayRefusal() {
        notice = "store " + refusedStore + ": " + server + " refused connection " + (open + 1) + " (" + refusal.getMessage()
                + "); the folder pairs share the " + open + (open == 1 ? " connection" : " connections")
                + " it took (maxconnections " + open + " avoids asking)";
        refusal = null;
        refusalSaid = true;
    }
}
