package org.mailsync.daemon.push;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mailsync.assembly.ReservedConnections;
import org.mailsync.assembly.StoreFactory;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.StoreConfig;
import org.mailsync.job.StoreSide;
import org.mailsync.store.imap.ImapIdle;
import org.mailsync.store.imap.ImapStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push of one channel ({@code push on|BOX,...}): a {@link FolderWatch} per watched folder of
 * each IMAP store of the channel, each on a thread and a connection of its own, all renewed
 * every {@link #RENEWAL} (RFC 2177: a server may log out a client idle for 30 minutes), and a
 * {@link SyncTrigger} that runs the channel when one of them reports a change.
 *
 * <p><b>Connections.</b> A watch's connection is not one of a run's pool but counts against the
 * store's {@code maxconnections}: it is {@linkplain ReservedConnections reserved}, and the runs
 * of this JVM open that many fewer. A store watches at most {@code maxconnections - 1} folders,
 * so that a run always has one; the folders beyond are polled by the schedule, which is said
 * once.
 */
public final class PushWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushWatcher.class);
    /** How often an IDLE is ended and begun again: well inside RFC 2177's 29 minutes. */
    static final Duration RENEWAL = Duration.ofMinutes(25);

    private final ChannelConfig channel;
    private final MailsyncConfig config;
    private final SyncTrigger trigger;
    private final Duration renewal;
    private final List<FolderWatch> watches = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Store name → connections reserved for its watches, given back on {@link #close()}. */
    private final java.util.Map<String, Integer> reserved = new java.util.LinkedHashMap<>();
    private ScheduledExecutorService renewer;

    /**
     * @param channel the channel, with its {@code push} folders
     * @param config  the config its stores are in
     * @param trigger what runs the channel
     */
    public PushWatcher(ChannelConfig channel, MailsyncConfig config, SyncTrigger trigger) {
        this(channel, config, trigger, RENEWAL);
    }

    PushWatcher(ChannelConfig channel, MailsyncConfig config, SyncTrigger trigger, Duration renewal) {
        this.channel = channel;
        this.config = config;
        this.trigger = trigger;
        this.renewal = renewal;
    }

    /**
     * Reserves the watches' connections and starts a watch per folder; returns at once (logging
     * in happens on the watches' threads).
     */
    public synchronized void start() {
        for (String storeName : List.of(channel.storeA(), channel.storeB())) {
            StoreConfig store = config.stores().get(storeName);
            if (store == null || store.isLocal()) {
                continue;
            }
            int room = store.connectionLimit() - 1;
            List<String> boxes = channel.push();
            if (boxes.size() > room) {
                LOG.warn("{}: store {} has maxconnections {}, so {} of the push folders are polled by the schedule only: {}",
                        channel.name(), storeName, store.connectionLimit(), boxes.size() - Math.max(room, 0),
                        boxes.subList(Math.max(room, 0), boxes.size()));
                boxes = boxes.subList(0, Math.max(room, 0));
            }
            if (!boxes.isEmpty()) {
                // Before any run opens its pool, so that the runs leave these to the watches.
                synchronized (reserved) {
                    ReservedConnections.reserve(storeName, boxes.size());
                    reserved.put(storeName, boxes.size());
                }
            }
            for (String box : boxes) {
                String label = channel.name() + ": " + storeName + " " + box;
                FolderWatch watch = new FolderWatch(label, () -> connect(store, box), trigger::fire, () -> giveBack(storeName));
                Thread t = new Thread(watch, "mailsync-push-" + channel.name() + "-" + storeName + "-" + box);
                t.setDaemon(true);
                watches.add(watch);
                threads.add(t);
            }
        }
        if (watches.isEmpty()) {
            LOG.warn("{}: push is set but the channel has no IMAP folder to watch", channel.name());
            return;
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailsync-push-renewal-" + channel.name());
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleAtFixedRate(() -> watches.forEach(FolderWatch::renew), renewal.toMillis(), renewal.toMillis(),
                TimeUnit.MILLISECONDS);
        threads.forEach(Thread::start);
    }

    /** A watch that found no IDLE gives its connection back to the runs. */
    private void giveBack(String storeName) {
        // Not the watcher's lock: close() holds it while it waits for the watches' threads.
        synchronized (reserved) {
            Integer held = reserved.get(storeName);
            if (held != null && held > 0) {
                ReservedConnections.release(storeName, 1);
                reserved.put(storeName, held - 1);
            }
        }
    }

    /** A connection of the store's own (its password as a run finds it), ready for IDLE on a boxname. */
    private ImapIdle connect(StoreConfig store, String box) throws Exception {
        // The store's warnings (such as /novalidate-cert) are the runs' to print, not every reconnect's.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        StoreSide side = StoreFactory.open(store, quiet, false, false);
        if (!(side.store() instanceof ImapStore imap)) {
            side.store().close();
            throw new IllegalStateException("store " + store.name() + " is not an IMAP store");
        }
        // INBOX is INBOX on every server (RFC 3501 section 5.1), whatever the store's prefix.
        String folder = box.equalsIgnoreCase("INBOX") ? "INBOX" : side.folderName(box);
        return new ImapIdle(imap, folder, renewal);
    }

    /** Stops every watch (logging out) and the trigger; waits a little for the threads. */
    @Override
    public synchronized void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        watches.forEach(FolderWatch::stop);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        trigger.close();
        synchronized (reserved) {
            reserved.forEach(ReservedConnections::release);
            reserved.clear();
        }
    }
}
