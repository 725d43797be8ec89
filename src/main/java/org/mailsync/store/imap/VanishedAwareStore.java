package org.mailsync.store.imap;

import jakarta.mail.Session;
import jakarta.mail.URLName;

import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.ListInfo;

/**
 * Angus' {@link IMAPStore}, making {@link VanishedAwareFolder}s wherever it would make plain
 * {@link IMAPFolder}s, so that every folder {@code ImapConnection} selects follows VANISHED
 * responses. Made directly rather than named in {@code mail.imap.folder.class}, which Angus
 * loads by reflection and, when that fails, silently replaces by the plain IMAPFolder.
 *
 * <p>With a required SASL mechanism ({@code XOAUTH2} for {@code auth xoauth2}) the login stops
 * before anything is sent when the server does not offer it: Angus would otherwise fall back
 * to a plain {@code LOGIN} and send the access token as a password.
 */
final class VanishedAwareStore extends IMAPStore {

    /** Whether the store is logged in as far as known without asking the server. */
    private volatile boolean loggedIn;
    /** The SASL mechanism the login must use, or null for whatever Angus picks. */
    private final String requiredMechanism;

    /** A store for {@code imap} or {@code imaps} ({@code ssl}), configured by the session's properties. */
    VanishedAwareStore(Session session, boolean ssl) {
        this(session, ssl, null);
    }

    /** The same, whose login must use this SASL mechanism (e.g. {@code XOAUTH2}); null for any. */
    VanishedAwareStore(Session session, boolean ssl, String requiredMechanism) {
        super(session, new URLName(ssl ? "imaps" : "imap", null, -1, null, null, null), ssl ? "imaps" : "imap", ssl);
        this.requiredMechanism = requiredMechanism;
    }

    /** Called by Angus after STARTTLS and before it authenticates, with the capabilities known. */
    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
        if (requiredMechanism != null && !p.hasCapability("AUTH=" + requiredMechanism)) {
            throw new ProtocolException("the server does not offer AUTH=" + requiredMechanism
                    + " (nothing was sent: the token is not sent as a password)");
        }
    }

    @Override
    protected IMAPFolder newIMAPFolder(String fullName, char separator, Boolean isNamespace) {
        return new VanishedAwareFolder(fullName, separator, this, isNamespace);
    }

    @Override
    protected IMAPFolder newIMAPFolder(ListInfo li) {
        return new VanishedAwareFolder(li, this);
    }

    /**
     * Logged in, and not closed since, by us or by Angus (it closes the store when it reads a
     * BYE or the connection fails). Unlike {@link #isConnected()} this sends no NOOP: it does
     * not prove the server still listens, only that nothing has shown it stopped.
     */
    boolean loggedIn() {
        return loggedIn;
    }

    @Override
    protected synchronized void setConnected(boolean connected) {
        loggedIn = connected;
        super.setConnected(connected);
    }
}
