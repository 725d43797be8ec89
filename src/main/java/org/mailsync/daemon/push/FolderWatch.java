package org.mailsync.daemon.push;

import java.time.Duration;
import java.util.function.Consumer;

import org.mailsync.store.StoreException;
import org.mailsync.store.imap.ImapIdle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched IMAP folder on a connection of its own, run by one thread: IDLE, report each
 * change, renew when asked; after a lost connection log in again with back-off (1 s, doubling,
 * at most {@link #MAX_BACKOFF}) and report a change once back, as mail may have come meanwhile.
 * Once idling (first or again) it reports a change too, for what came before. A server without
 * IDLE is said once and left alone: the channel's schedule polls it.
 */
final class FolderWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** Opens the connection this watch idles on; called again after each failure. */
    @FunctionalInterface
    interface Connector {
        ImapIdle open() throws Exception;
    }

    private final String label;
    private final Connector connector;
    private final Consumer<String> changed;
    private final Runnable givenUp;
    private final Object sleeper = new Object();
    private volatile ImapIdle idle;
    private volatile boolean stopped;

    /**
     * @param label     the channel, store and folder, for messages
     * @param connector opens the connection
     * @param changed   told (with the reason) when the folder changed or may have
     * @param givenUp   told when the server offers no IDLE and the watch ends
     */
    FolderWatch(String label, Connector connector, Consumer<String> changed, Runnable givenUp) {
        this.label = label;
        this.connector = connector;
        this.changed = changed;
        this.givenUp = givenUp;
    }

    @Override
    public void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean failedBefore = false;
        while (!stopped) {
            ImapIdle current = null;
            try {
                current = idle != null ? idle : connector.open();
                idle = current;
                if (stopped) {
                    break;
                }
                if (!current.supported()) {
                    LOG.info("{}: the server does not offer IDLE; the channel's schedule polls it instead", label);
                    givenUp.run();
                    break;
                }
                current.open();
                // What changed before the folder was opened reaches no IDLE: one run now covers
                // it (the time since the last run, or since the connection was lost).
                if (failedBefore) {
                    LOG.info("{}: watching again", label);
                    changed.accept(label + " reconnected");
                } else {
                    LOG.info("{}: watching with IDLE", label);
                    changed.accept(label + " watched");
                }
                failedBefore = false;
                backoff = FIRST_BACKOFF;
                while (!stopped) {
                    current.idle(() -> changed.accept(label + " changed"));
                }
            } catch (Exception e) {
                if (stopped) {
                    break;
                }
                failedBefore = true;
                LOG.warn("{}: {}; trying again in {} s", label, e.getMessage(), backoff.toSeconds());
                if (current != null) {
                    current.reset();
                }
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        ImapIdle last = idle;
        if (last != null) {
            last.disconnect();
        }
    }

    /** Ends the current IDLE so that a new one starts (RFC 2177: before the server's 30 minutes). */
    void renew() {
        ImapIdle current = idle;
        if (current != null) {
            current.renew();
        }
    }

    /** Stops the watch from another thread; its thread logs out and ends. */
    void stop() {
        stopped = true;
        ImapIdle current = idle;
        if (current != null) {
            // Ending an IDLE waits for the server's answer, which a dead connection gives only at
            // its read timeout: never on the daemon's stopping thread.
            Thread closer = new Thread(current::close, "mailsync-push-stop");
            closer.setDaemon(true);
            closer.start();
        }
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    private void pause(Duration d) {
        synchronized (sleeper) {
            if (stopped) {
                return;
            }
            try {
                sleeper.wait(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }
}
