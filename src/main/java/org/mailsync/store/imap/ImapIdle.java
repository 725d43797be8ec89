package org.mailsync.store.imap;

import java.time.Duration;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.mailsync.store.StoreException;
import org.mailsync.store.TransientStoreException;

/**
 * Waits on one folder of an {@link ImapStore} of its own with IDLE (RFC 2177) and reports each
 * change the server announces there: a new, expunged or re-flagged message. The store must
 * serve nothing else, as IDLE occupies its connection.
 *
 * <p>One thread calls {@link #idle(Runnable)}, which returns when another thread
 * {@linkplain #renew() renews} the IDLE (RFC 2177 allows a server to drop a client idle for 30
 * minutes, so the caller renews well before) or {@linkplain #close() closes} this; a lost
 * connection throws. The store reconnects by itself on the next {@link #open()}.
 */
public final class ImapIdle implements AutoCloseable {

    private final ImapConnection conn;
    private final String folder;
    private volatile IMAPFolder idling;
    private volatile boolean ending;
    private volatile boolean closed;

    /**
     * @param store   a store used for nothing else, not yet connected
     * @param folder  the folder's full name on the server
     * @param renewal how often the caller will {@link #renew()}: the socket may be silent that long
     */
    public ImapIdle(ImapStore store, String folder, Duration renewal) {
        this.conn = store.connection();
        this.folder = folder;
        // The 30 s read timeout of sync commands would end every quiet IDLE after 30 s; this
        // connection waits up to the renewal and a margin. The session is this store's own and
        // Angus reads the property at each login, so nothing else is affected.
        String millis = Long.toString(renewal.plusMinutes(2).toMillis());
        conn.session().getProperties().setProperty("mail.imap.timeout", millis);
        conn.session().getProperties().setProperty("mail.imaps.timeout", millis);
        // A store that is logged in already (StoreFactory logs in to check the password) read
        // the old timeout: the next use logs in again with the new one.
        conn.drop();
    }

    /** Connects if needed and says whether the server offers IDLE (its CAPABILITY). */
    public boolean supported() throws StoreException {
        try {
            return conn.connected().hasCapability("IDLE");
        } catch (MessagingException e) {
            throw lost("connecting", e);
        }
    }

    /** Connects if needed and opens the folder read-only (EXAMINE: idling must never change \Recent or \Seen). */
    public void open() throws StoreException {
        try {
            conn.select(folder, Folder.READ_ONLY);
        } catch (MessagingException e) {
            throw lost("opening " + folder, e);
        }
    }

    /**
     * Idles on the {@linkplain #open() open} folder until {@link #renew()} or {@link #close()}.
     *
     * @param changed called, on Angus' event thread, for every change the server reports
     * @throws StoreException the connection was lost or the folder closed under us
     */
    public void idle(Runnable changed) throws StoreException {
        IMAPFolder f;
        try {
            f = conn.select(folder, Folder.READ_ONLY);
        } catch (MessagingException e) {
            throw lost("opening " + folder, e);
        }
        MessageCountListener counts = new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                changed.run();
            }

            @Override
            public void messagesRemoved(MessageCountEvent e) {
                changed.run();
            }
        };
        MessageChangedListener flags = e -> changed.run();
        f.addMessageCountListener(counts);
        f.addMessageChangedListener(flags);
        ending = false;
        idling = f;
        try {
            if (closed) {
                return;
            }
            f.idle(false);
            // Angus returns quietly also when the server said BYE or the socket failed: only an
            // end we asked for is one.
            if (!ending && !closed) {
                throw new TransientStoreException(folder + ": the IDLE ended without being asked to", null);
            }
        } catch (MessagingException | IllegalStateException e) {
            if (!closed) {
                throw lost("idling on " + folder, e);
            }
        } finally {
            idling = null;
            f.removeMessageCountListener(counts);
            f.removeMessageChangedListener(flags);
        }
    }

    /**
     * Ends the current IDLE from another thread (DONE, then a NOOP, which Angus sends for any
     * command on an idling folder), so that {@link #idle} returns and the caller idles anew.
     */
    public void renew() {
        IMAPFolder f = idling;
        if (f != null) {
            ending = true;
            try {
                f.getMessageCount();
            } catch (MessagingException | RuntimeException e) {
                // the idling thread sees the same failure and reconnects
            }
        }
    }

    /** Drops the connection after a failure; the next {@link #open()} logs in again. */
    public void reset() {
        conn.drop();
    }

    /** Ends the IDLE and logs out; safe from any thread. */
    @Override
    public void close() {
        closed = true;
        renew();
    }

    /** Logs out; called by the idling thread once it has returned. */
    public void disconnect() {
        conn.close();
    }

    private static StoreException lost(String doing, Exception e) {
        return new TransientStoreException(doing + ": " + e.getMessage(), e);
    }
}
