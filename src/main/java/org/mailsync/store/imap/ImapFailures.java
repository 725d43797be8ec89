package org.mailsync.store.imap;

import jakarta.mail.FolderClosedException;
import jakarta.mail.StoreClosedException;

import org.eclipse.angus.mail.iap.CommandFailedException;
import org.mailsync.store.MessageRejectedException;
import org.mailsync.store.StoreException;
import org.mailsync.store.TransientStoreException;

/**
 * What an IMAP failure means for the sync: retried (a broken connection, a busy server), one
 * message skipped (an APPEND refused), or the folder given up. Apart from {@link ImapConnection}
 * so that the rules stand in one place, with their tests ({@code ImapResponseCodeTest}).
 */
final class ImapFailures {

    private ImapFailures() {
    }

    /** How {@code what} starts for an APPEND, whose refusal is about one message ({@link #classify}). */
    static final String APPENDING = "appending to ";

    /**
     * A failure's class: a broken or timed-out connection, or a server that says it is busy or
     * at a limit ({@link ImapResponseCode.Effect#RETRY}: RFC 5530 {@code LIMIT},
     * {@code UNAVAILABLE}, {@code INUSE}, {@code SERVERBUG}), is transient; a {@code NO} to an
     * APPEND ({@code TOOBIG}, {@code OVERQUOTA}, or none) is about that message; anything else
     * is permanent for the folder.
     *
     * @param failed    what failed, for the message ("store: appending to X failed on {server}")
     * @param appending whether the command was an APPEND
     */
    static StoreException classify(String failed, Exception e, boolean appending) {
        String text = String.valueOf(e.getMessage());
        ImapResponseCode code = ImapResponseCode.in(text);
        // With a code, what it means first, then the server's own words without the tag and "NO".
        String message = failed + ": "
                + (code == null ? text : code.meaning() + " (" + text.replaceFirst("^\\S+ (?:NO|BAD) ", "") + ")");
        boolean refused = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            refused |= t instanceof CommandFailedException;
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.io.EOFException || t instanceof org.eclipse.angus.mail.iap.ConnectionException
                    || t instanceof StoreClosedException || t instanceof FolderClosedException) {
                return new TransientStoreException(message, e);
            }
        }
        if (code != null && code.effect() == ImapResponseCode.Effect.RETRY) {
            return new TransientStoreException(message, e);
        }
        if (appending && (refused || code != null || text.contains("NO "))) {
            return code == ImapResponseCode.OVERQUOTA ? new OverQuotaException(message, e)
                    : new MessageRejectedException(message, e);
        }
        return new StoreException(message, e);
    }

}
