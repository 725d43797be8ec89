package org.mailsync.assembly;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailsync.config.ConfigException;
import org.mailsync.config.StoreConfig;
import org.mailsync.job.StoreLease;
import org.mailsync.job.StoreLeases;
import org.mailsync.job.StoreSide;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two stores of one sync run, as its folder pairs use them ({@link StoreLeases}): a pair
 * leases a store per side for its duration. An IMAP side is a connection of the pair's own
 * from a {@link ConnectionPool} of the store's server (opened on demand with the store's
 * login, at most {@code maxconnections}, given back at the pair's end); a local side is the
 * run's one store, which pairs share, as they work on different folders. Closing it closes
 * every connection and store it opened, or gives the IMAP connections back to the
 * {@link KeptConnections} it took them from.
 *
 * <p>Stores are opened with {@link #open}, in the order {@link ChannelOpener} needs: each IMAP
 * store connects and logs in at once, so that a wrong password or an unreachable server is
 * found before the channel is locked; that first connection lists the folders, then serves the
 * pairs like any other. A run that reuses kept connections logs in only where its stores'
 * config changed; a kept connection the server dropped is logged in again by its store on its
 * first command, the LIST of the folders for the first one.
 */
public final class ChannelConnections implements StoreLeases, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelConnections.class);

    /** How one side is leased: the shared local store, or a connection from a pool. */
    private record Source(String storeName, MailStore local, ConnectionPool pool) {
    }

    /** The two sides of a channel, as {@link #open} opened them. */
    public record Sides(StoreSide a, StoreSide b) {
    }

    private final KeptConnections keeper;
    private ImapPools imap;
    private final List<Source> sources = new ArrayList<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private boolean opened;
    private boolean closed;

    /** The connections of a run of its own, closed at its end. */
    public ChannelConnections() {
        this(null);
    }

    /**
     * The connections of a run that reuses the kept ones, and gives them back at its end; when
     * they are in use by another run (or {@code kept} is null), the run has its own.
     */
    public ChannelConnections(KeptConnections kept) {
        ImapPools pools = kept == null ? null : kept.checkOut();
        this.keeper = pools == null ? null : kept;
        this.imap = pools != null ? pools : new ImapPools();
    }

    /**
     * Opens the run's two stores, side A then side B. An IMAP store is connected and logged in
     * now, unless kept connections opened from the same config serve it.
     *
     * @param notes         where warnings about the config go
     * @param debugProtocol {@code -di}
     * @param interactive   a missing password may be asked for on the terminal
     * @return the sides, on the run's first store (or connection) of each
     */
    public synchronized Sides open(StoreConfig a, StoreConfig b, PrintStream notes, boolean debugProtocol,
                                   boolean interactive) throws ConfigException, StoreException {
        if (!sources.isEmpty() || closed) {
            throw new IllegalStateException("the stores of this run are open already");
        }
        List<StoreConfig> imapStores = new ArrayList<>();
        for (StoreConfig config : List.of(a, b)) {
            if (!config.isLocal() && imapStores.stream().noneMatch(c -> c.name().equals(config.name()))) {
                imapStores.add(config);
            }
        }
        boolean reuse = !imap.isEmpty() && imap.serves(imapStores, debugProtocol) && imap.wake();
        if (!reuse && !imap.isEmpty()) {
            LOG.debug("the kept IMAP connections do not serve this run (config changed?): logging in afresh");
            imap.close();
            imap = new ImapPools();
        }
        Sides sides = new Sides(side(a, reuse, notes, debugProtocol, interactive),
                side(b, reuse, notes, debugProtocol, interactive));
        opened = true;
        return sides;
    }

    private StoreSide side(StoreConfig config, boolean reuse, PrintStream notes, boolean debugProtocol, boolean interactive)
            throws ConfigException, StoreException {
        if (config.isLocal()) {
            StoreSide side = StoreFactory.open(config, notes, debugProtocol, interactive);
            owned.add(side.store());
            sources.add(new Source(config.name(), side.store(), null));
            return side;
        }
        String pattern = ImapStores.listPattern(config, notes);
        MailStore first = reuse ? imap.reopen(config, notes) : imap.open(config, notes, debugProtocol, interactive);
        sources.add(new Source(config.name(), null, imap.pool(config.name())));
        return new StoreSide(config.name(), first, pattern, config.prefix());
    }

    /**
     * The stores of one folder pair: the two sides' connections from their pools (from one
     * pool at once when both sides are on one server), waiting while all are lent out.
     */
    @Override
    public StoreLease lease() throws StoreException {
        synchronized (this) {
            if (closed) {
                // its connections are closed, or kept for the channel's next run
                throw new StoreException("the connections of this run are closed: the run has ended");
            }
        }
        Source a = sources.get(0);
        Source b = sources.get(1);
        Map<String, MailStore> fromA = null;
        Map<String, MailStore> fromB = null;
        if (a.pool() != null && a.pool() == b.pool()) {
            fromA = a.pool().acquire(List.of(a.storeName(), b.storeName()));
        } else {
            // Two pools, always taken in the order A then B, so no two pairs wait for each other.
            if (a.pool() != null) {
                fromA = a.pool().acquire(List.of(a.storeName()));
            }
            if (b.pool() != null) {
                try {
                    fromB = b.pool().acquire(List.of(b.storeName()));
                } catch (StoreException | RuntimeException e) {
                    if (fromA != null) {
                        a.pool().release(fromA);
                    }
                    throw e;
                }
            }
        }
        MailStore storeA = a.pool() == null ? a.local() : fromA.get(a.storeName());
        MailStore storeB = b.pool() == null ? b.local() : (fromB != null ? fromB : fromA).get(b.storeName());
        Map<String, MailStore> leasedA = fromA;
        Map<String, MailStore> leasedB = fromB;
        Runnable release = () -> {
            if (leasedA != null) {
                a.pool().release(leasedA);
            }
            if (leasedB != null) {
                b.pool().release(leasedB);
            }
        };
        return new StoreLease(storeA, storeB, new Once(release), notice());
    }

    /** A pool's note about a server that took fewer connections than asked, once per run. */
    private String notice() {
        for (Source source : sources) {
            String notice = source.pool() == null ? null : source.pool().takeNotice();
            if (notice != null) {
                return notice;
            }
        }
        return null;
    }

    /**
     * Closes every store this run opened and the IMAP connections, or gives those back to the
     * kept connections they came from (to be kept only if the run opened its stores and every
     * connection came back); never throws.
     */
    @Override
    public void close() {
        List<AutoCloseable> stores;
        boolean reusable;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stores = new ArrayList<>(owned);
            owned.clear();
            reusable = opened && imap.nothingLent();
        }
        for (int i = stores.size() - 1; i >= 0; i--) {
            try {
                stores.get(i).close();
            } catch (Exception e) {
                // closing anyway; a store that cannot close cleanly has nothing left to lose
            }
        }
        if (keeper != null) {
            keeper.checkIn(imap, reusable);
        } else {
            imap.close();
        }
    }

    /** Runs a release at most once, however often a lease is closed. */
    private static final class Once implements Runnable {
        private Runnable release;

        Once(Runnable release) {
            this.release = release;
        }

        @Override
        public synchronized void run() {
            Runnable r = release;
            release = null;
            if (r != null) {
                r.run();
            }
        }
    }
}
