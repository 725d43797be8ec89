package org.mailsync.assembly;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mailsync.config.ConfigException;
import org.mailsync.config.StoreConfig;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.imap.ServerConnectionLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP side of a channel's connections: per IMAP store its {@linkplain ImapStores.Login
 * login}, per server and login a {@link ConnectionPool} (two stores on one server and login
 * share one). A one-shot run opens a set and closes it at its end ({@link ChannelConnections});
 * in the daemon the set outlives the run and serves the channel's next one
 * ({@link KeptConnections}), which {@linkplain #reopen reopens} its stores instead of logging in.
 *
 * <p>Not safe for two runs at once: a set serves one run at a time.
 *
 * <p>A set kept between two runs ({@link #rest()}) holds permits of the process's
 * {@link ServerConnectionLimit} without using them: when another run must wait for one of its
 * servers, the set is closed to free them ({@link #reclaim()}), and the channel's next run logs
 * in afresh.
 */
final class ImapPools implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapPools.class);

    /** One IMAP store of the set: how it logs in, and the pool its connections are in. */
    private record Entry(ImapStores.Login login, ConnectionPool pool) {
    }

    private final Map<String, Entry> stores = new LinkedHashMap<>();
    private final Map<String, ConnectionPool> pools = new LinkedHashMap<>();
    /** Each store's first connection of the last run: the next run's first, if idle. */
    private final Map<String, MailStore> firsts = new HashMap<>();
    /** The limit keys this set, kept between runs, may be {@linkplain #reclaim reclaimed} for; empty while it serves a run. */
    private final List<String> restingOn = new ArrayList<>();
    private final ServerConnectionLimit.Reclaimer reclaimer = this::reclaim;

    /** Whether the set holds no store. */
    synchronized boolean isEmpty() {
        return stores.isEmpty();
    }

    /**
     * Whether the set was opened for exactly these IMAP stores, each from a config that opens
     * the same connections (see {@link ImapStores.Login#serves}), with this {@code -di}.
     */
    synchronized boolean serves(List<StoreConfig> imapStores, boolean debugProtocol) {
        if (imapStores.size() != stores.size()) {
            return false;
        }
        for (StoreConfig config : imapStores) {
            Entry entry = stores.get(config.name());
            if (entry == null || !entry.login().serves(config, debugProtocol)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens a store of the set: the login (a {@code passcmd} runs, a prompt may ask) and its
     * first connection, connected and logged in now.
     *
     * @return that first connection, idle in the store's pool
     */
    synchronized MailStore open(StoreConfig config, PrintStream notes, boolean debugProtocol, boolean interactive)
            throws ConfigException, StoreException {
        if (stores.containsKey(config.name())) {
            throw new IllegalStateException("store " + config.name() + " is open already");
        }
        ImapStores.Login login = ImapStores.login(config, notes, debugProtocol,
                interactive ? ImapStores.PasswordPrompt.CONSOLE : prompt -> null);
        ImapStore first;
        try {
            first = login.open();
        } catch (ConfigException | StoreException | RuntimeException e) {
            login.close();
            throw e;
        }
        // The daemon's push watches hold some of the store's connections (ReservedConnections).
        int limit = ReservedConnections.runLimit(config);
        ConnectionPool pool = pools.computeIfAbsent(login.server(), server -> new ConnectionPool(server, limit));
        pool.add(config.name(), first, login::open, limit);
        stores.put(config.name(), new Entry(login, pool));
        firsts.put(config.name(), first);
        return first;
    }

    /**
     * Makes the set ready for another run, before any of its stores is {@linkplain #reopen
     * reopened}: every pool starts the run as a new one would ({@link ConnectionPool#beginRun}).
     * Nothing is sent: whether a connection is still alive is the store's own business on its
     * first command ({@code ImapStore} checks a connection idle for a while with a NOOP and
     * logs in again when the server dropped it), which for the run's first store is the LIST
     * of its folders.
     *
     * @return false when the set cannot serve a run (a connection is still lent out, a store
     *         has none left): the run should open a new set
     */
    synchronized boolean wake() {
        try {
            for (ConnectionPool pool : pools.values()) {
                pool.beginRun();
            }
        } catch (IllegalStateException e) {
            LOG.debug("kept IMAP connections not usable, logging in afresh: {}", e.getMessage());
            return false;
        }
        for (Map.Entry<String, Entry> e : stores.entrySet()) {
            if (e.getValue().pool().idle(e.getKey(), null) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * A store of a woken set, for a run: its first connection (idle, not lent), with what a
     * login says about the store's spec said again.
     */
    synchronized MailStore reopen(StoreConfig config, PrintStream notes) {
        Entry entry = stores.get(config.name());
        entry.login().warnAgain(notes);
        MailStore first = entry.pool().idle(config.name(), firsts.get(config.name()));
        firsts.put(config.name(), first);
        return first;
    }

    /** The pool a store's connections are in. */
    synchronized ConnectionPool pool(String storeName) {
        return stores.get(storeName).pool();
    }

    /** Whether every connection has been given back (a run that ended cleanly left none out). */
    synchronized boolean nothingLent() {
        for (ConnectionPool pool : pools.values()) {
            if (pool.lent() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The set is kept for the channel's next run: until {@link #wakeUp()}, a run that waits for
     * a connection to one of its servers may close it ({@link #reclaim()}).
     *
     * @return false when runs wait for a connection to one of its servers already: the set
     *         should be closed rather than kept
     */
    synchronized boolean rest() {
        ServerConnectionLimit limit = ServerConnectionLimit.jvm();
        for (String server : pools.keySet()) {
            String key = server.toLowerCase(Locale.ROOT);
            if (!limit.addReclaimerUnlessWaited(key, reclaimer)) {
                unregister();
                return false;
            }
            restingOn.add(key);
        }
        return true;
    }

    /** The set serves a run again: nobody may close it now. */
    synchronized void wakeUp() {
        unregister();
    }

    /**
     * Closes the set if it is kept between runs ({@link #rest()}), freeing its permits for a
     * run that waits; the next run of its channel logs in afresh.
     *
     * @return whether it was closed
     */
    boolean reclaim() {
        synchronized (this) {
            if (restingOn.isEmpty()) {
                return false;
            }
            unregister();
        }
        LOG.debug("kept IMAP connections closed: another run waits for a connection to their server");
        close();
        return true;
    }

    private void unregister() {
        for (String key : restingOn) {
            ServerConnectionLimit.jvm().removeReclaimer(key, reclaimer);
        }
        restingOn.clear();
    }

    /** Closes every connection (logging out) and forgets the passwords; never throws. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            unregister();
            all = new ArrayList<>(pools.values());
            for (Entry entry : stores.values()) {
                all.add(entry.login());
            }
            pools.clear();
            stores.clear();
            firsts.clear();
        }
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway; a connection that cannot close cleanly has nothing left to lose
            }
        }
    }
}
