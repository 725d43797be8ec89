package org.mailsync.store.imap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import jakarta.mail.event.MailEvent;

import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.ResyncData;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.StoreException;
import org.mailsync.store.TransientStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection of an {@link ImapStore}: session properties, login, the folder selected
 * at the moment, reconnecting once when the server dropped us, and the classification of
 * failures into transient and permanent ones. The store's verbs and the indexer run their
 * protocol work through {@link #run}.
 *
 * <p>At most one folder is selected at a time, and it is closed before store-level commands,
 * so that Angus' pool (size 1) never opens a second connection: a closed {@link IMAPFolder}
 * borrows the store's connection, an open one owns it.
 *
 * <p>Every folder is a {@link VanishedAwareFolder} (made by {@link VanishedAwareStore}): once the
 * incremental index has enabled QRESYNC on the connection, expunges arrive as VANISHED
 * responses (RFC 7162 section 3.2.10), which Angus alone gets wrong. A selection that lost step
 * with the server is opened afresh before it is used again.
 *
 * <p><b>Login.</b> The secret is asked of its {@link LoginSecret} for every login (a reconnect
 * too) and cleared right after. With OAuth2 the access token goes out by Angus' own XOAUTH2
 * mechanism (Google's SASL mechanism, which Gmail, Microsoft 365 and Dovecot offer) and no
 * other; a token the server refuses is replaced once by a fresh one, as it may have expired
 * between the helper's check and our login.
 */
final class ImapConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);
    private static final Logger PROTOCOL_LOG = LoggerFactory.getLogger(ImapStore.class.getName() + ".protocol");

    /** Chunk size of partial fetches when a message is read (RFC 3501 section 6.4.5, {@code <origin.octets>}). */
    static final int FETCH_CHUNK = 1 << 20;

    static final int TIMEOUT_MILLIS = 30_000;

    /** The SASL mechanism of OAuth2 logins, built into Angus (OAUTHBEARER, RFC 7628, is not). */
    static final String XOAUTH2 = "XOAUTH2";

    private final ImapServerSpec spec;
    private final LoginSecret secret;
    /** Whether the secret is an OAuth2 access token, sent by XOAUTH2 only. */
    private final boolean oauth2;
    private final String name;
    private final String protocol;
    private final Session session;
    private final ProtocolTrace trace = new ProtocolTrace(PROTOCOL_LOG::info);

    private VanishedAwareStore imap;
    /** The permit of the server's {@link ServerConnectionLimit} that {@link #imap} holds, while it is open. */
    private ServerConnectionLimit.Permit permit;
    /** The limit connections take their permits from: the JVM's, unless a test gives its own. */
    private ServerConnectionLimit limit = ServerConnectionLimit.jvm();
    /** When the connection last answered (System.nanoTime), 0 before the first use. */
    private long lastUsed;
    /**
     * How long a connection that just answered is trusted without a NOOP before a command that
     * must not be repeated (20 s by default); past it, a lost connection is an idle one's.
     */
    private long idleCheckNanos = 20_000_000_000L;
    private VanishedAwareFolder current;
    private int currentMode;

    ImapConnection(ImapServerSpec spec, char[] password, String name) {
        this(spec, LoginSecret.fixed(password), false, name);
    }

    /**
     * @param secret the password or access token, asked for at every login
     * @param oauth2 whether the secret is an OAuth2 access token, sent by XOAUTH2 only
     */
    ImapConnection(ImapServerSpec spec, LoginSecret secret, boolean oauth2, String name) {
        this.spec = spec;
        this.secret = secret;
        this.oauth2 = oauth2;
        this.name = name;
        if (spec.secure() && !spec.ssl() && spec.tls() == ImapServerSpec.TlsMode.NEVER) {
            // We offer no challenge-response mechanism, so /secure needs an encrypted channel.
            throw new IllegalArgumentException(name + ": /secure forbids sending the password in clear, but /notls forbids encryption");
        }
        if (oauth2 && spec.authUser() != null) {
            // XOAUTH2 carries one user, the token's owner: there is no authorization identity.
            throw new IllegalArgumentException(name + ": /authuser= cannot be used with auth xoauth2 (the token names the user)");
        }
        this.protocol = spec.ssl() ? "imaps" : "imap";
        this.session = Session.getInstance(ImapSessionProperties.of(spec, oauth2));
        if (spec.debug()) {
            session.setDebug(true);
            session.setDebugOut(trace.stream());
        }
        if (!spec.validateCert()) {
            LOG.warn("{}: /novalidate-cert: the server's certificate is not checked; anyone on the path can read the mail and the password", name);
        }
    }

    Session session() {
        return session;
    }

    /** The store's name in the configuration, for messages. */
    String name() {
        return name;
    }

    /** The server as configured, for messages. */
    String server() {
        return spec.server();
    }

    ProtocolTrace trace() {
        return trace;
    }

    // ------------------------------------------------------------------ connecting

    /**
     * The logged-in store; must not be called while a folder is selected (see the class comment).
     * No NOOP proves the connection alive first (Angus' {@code isConnected()} would send one): a
     * repeatable operation that finds it dead is run again on a new one by {@link #run}, and
     * a non-repeatable one has had {@link #ensureAlive()}. So an unchanged folder costs one
     * STATUS even in a daemon whose cycles are minutes apart.
     */
    IMAPStore connected() throws MessagingException {
        if (imap != null && imap.loggedIn()) {
            return imap;
        }
        drop();
        String user = spec.user() != null ? spec.user() : System.getProperty("user.name");
        String login = spec.authUser() != null ? spec.authUser() : user;
        VanishedAwareStore s;
        try {
            s = logIn(login);
        } catch (AuthenticationFailedException e) {
            if (!oauth2 || !secret.renewable() || e instanceof NoSecretException) {
                throw e;
            }
            // An access token lives about an hour and may have expired since the helper handed it
            // out: one fresh token, one more try; a second refusal is final.
            LOG.info("{}: {} refused the access token ({}); asking passcmd for a fresh one and trying once more",
                    name, spec.server(), e.getMessage());
            s = logIn(login);
        }
        imap = s;
        lastUsed = System.nanoTime();
        return s;
    }

    /**
     * One login on a new store, with the secret asked for now and cleared right after. A permit
     * of the server's {@link ServerConnectionLimit} is taken first (so a wait for it never holds
     * a secret that may expire) and given back unless the login succeeds.
     */
    private VanishedAwareStore logIn(String login) throws MessagingException {
        ServerConnectionLimit.Permit p = limit.acquire(ServerConnectionLimit.key(login, spec.host(), spec.port()));
        boolean connected = false;
        try {
            char[] now;
            try {
                now = secret.get();
            } catch (StoreException e) {
                throw new NoSecretException(e.getMessage());
            }
            VanishedAwareStore s = new VanishedAwareStore(session, spec.ssl(), oauth2 ? XOAUTH2 : null);
            try {
                // Angus takes a String, kept only while it logs in (mail.debug.auth=false keeps it out of the trace).
                s.connect(spec.host(), spec.port(), login, new String(now));
            } finally {
                Arrays.fill(now, '\0');
            }
            connected = true;
            permit = p;
            return s;
        } finally {
            if (!connected) {
                p.close(); // Angus closed the socket of a failed connect or login
            }
        }
    }

    /** Takes permits from this limit instead of the JVM's (tests). */
    void limit(ServerConnectionLimit limit) {
        this.limit = limit;
    }

    /** No secret could be had for a login (a passcmd failed): reported as a failed login, never retried here. */
    private static final class NoSecretException extends AuthenticationFailedException {
        private static final long serialVersionUID = 1L;

        NoSecretException(String message) {
            super(message);
        }
    }

    /** The default folder, borrowing the store's connection: the selection is closed first. */
    IMAPFolder root() throws MessagingException {
        closeCurrent();
        return (IMAPFolder) connected().getDefaultFolder();
    }

    /** Closes the selection and the connection; the next operation connects again. */
    void drop() {
        closeCurrent();
        if (imap != null) {
            try {
                imap.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("{}: closing the connection: {}", name, e.toString());
            } finally {
                imap = null;
                if (permit != null) {
                    permit.close();
                    permit = null;
                }
            }
        }
    }

    /** Drops the connection and forgets the password. */
    void close() {
        drop();
        secret.clear();
    }

    // ------------------------------------------------------------------ the selected folder

    /**
     * Closes the selected folder without expunging anything: Angus uses UNSELECT (RFC 3691),
     * or EXAMINE+CLOSE, never a bare CLOSE on a read-write folder. No {@code isOpen()} check
     * first: it costs a NOOP once the folder has been quiet for a second, and closing a folder
     * Angus already closed only throws, which is caught.
     */
    void closeCurrent() {
        if (current != null) {
            try {
                current.close(false);
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("{}: closing {}: {}", name, current.getFullName(), e.toString());
            }
            current = null;
        }
    }

    /** The selected folder if it is this one and still usable, else null (APPEND may use it). */
    IMAPFolder selected(String folder) {
        return current != null && sameName(current.getFullName(), folder) && usable(current) ? current : null;
    }

    /**
     * Selects a folder with EXAMINE (READ_ONLY) or SELECT (READ_WRITE), reusing the selection
     * while it is open and in step with the server (see {@link VanishedAwareFolder}).
     */
    VanishedAwareFolder select(String folder, int mode) throws MessagingException, StoreException {
        if (current != null && currentMode == mode && sameName(current.getFullName(), folder) && usable(current)) {
            return current;
        }
        return open(folder, mode, null).folder();
    }

    /**
     * Whether the selection may be used again. In this order: Angus' {@code isOpen()} sends a
     * NOOP after a second of quiet, and a VANISHED that arrives with it can put the folder out
     * of step.
     */
    private static boolean usable(VanishedAwareFolder f) {
        return f.isOpen() && !f.outOfStep();
    }

    /**
     * Whether the selected folder lost step with the server (see {@link VanishedAwareFolder});
     * {@link #select} then opens it afresh.
     */
    boolean outOfStep() {
        return current != null && current.outOfStep();
    }

    /** A folder freshly opened with QRESYNC data, and what the server reported with it. */
    record Resynced(VanishedAwareFolder folder, List<MailEvent> events) {
    }

    /**
     * Opens a folder read-only with QRESYNC data (RFC 7162 section 3.2.5): always a fresh
     * EXAMINE, since only the SELECT/EXAMINE itself reports the expunges and flag changes.
     */
    Resynced examine(String folder, ResyncData resync) throws MessagingException, StoreException {
        return open(folder, Folder.READ_ONLY, resync);
    }

    private Resynced open(String folder, int mode, ResyncData resync) throws MessagingException, StoreException {
        closeCurrent();
        VanishedAwareFolder f = (VanishedAwareFolder) connected().getFolder(folder);
        List<MailEvent> events;
        try {
            events = resync == null ? openPlain(f, mode) : f.open(mode, resync);
        } catch (jakarta.mail.FolderNotFoundException e) {
            throw notFound(folder);
        } catch (MessagingException e) {
            if (e instanceof StoreClosedException || e instanceof FolderClosedException) {
                throw e;
            }
            // A \Noselect name cannot be opened: for mailsync it holds no messages, like a missing one.
            if (!f.exists() || (f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                throw notFound(folder);
            }
            throw e;
        }
        current = f;
        currentMode = mode;
        return new Resynced(f, events == null ? List.of() : events);
    }

    private static List<MailEvent> openPlain(IMAPFolder f, int mode) throws MessagingException {
        f.open(mode);
        return null;
    }

    /**
     * Runs a command that must not find its folder selected: STATUS (RFC 3501 section 6.3.10:
     * it SHOULD NOT be used on the selected mailbox). When another folder is selected, the
     * command goes out on that selection's connection, which saves an UNSELECT.
     */
    <T> T besideSelection(String folder, IMAPFolder.ProtocolCommand cmd) throws MessagingException {
        if (current != null && !sameName(current.getFullName(), folder)) {
            return command(current, cmd);
        }
        return command(root(), cmd);
    }

    FolderNotFoundException notFound(String folder) {
        return new FolderNotFoundException(name + ": no folder \"" + folder + "\" on " + spec.server());
    }

    static boolean sameName(String a, String b) {
        return a.equals(b) || (isInbox(a) && isInbox(b));
    }

    /** RFC 3501 section 5.1: the name INBOX is case-insensitive. */
    static boolean isInbox(String folder) {
        return folder.equalsIgnoreCase("INBOX");
    }

    // ------------------------------------------------------------------ running operations

    /** An IMAP operation; may be run twice when the first attempt finds the connection dropped. */
    interface Operation<T> {
        T run() throws MessagingException, StoreException, IOException;
    }

    /**
     * Runs an operation, reconnecting once when the connection turns out to be dropped. Only
     * operations that are safe to repeat are retried; for the others (APPEND, which the server
     * may have carried out before the connection broke, and deletions) the loss is reported
     * and the next operation reconnects.
     */
    <T> T run(String what, boolean repeatable, Operation<T> op) throws StoreException {
        boolean wasIdle = !recentlyUsed();
        try {
            if (!repeatable) {
                ensureAlive();
            }
            try {
                T result = op.run();
                lastUsed = System.nanoTime();
                return result;
            } catch (StoreClosedException | FolderClosedException e) {
                drop();
                if (!repeatable) {
                    // Not repeated here: the route set decides (it redelivers a copy; a copy the
                    // server had taken before the drop is an identical duplicate, which the
                    // next run's duplicate rule removes).
                    throw new TransientStoreException(name + ": connection to " + spec.server() + " lost during " + what
                            + ": " + e.getMessage(), e);
                }
                if (wasIdle) {
                    // What a NOOP first would have found: the server's inactivity timeout (RFC 3501
                    // section 5.4: 30 minutes at least) ran out between two daemon cycles.
                    LOG.info("{}: idle connection to {} was closed ({}); reconnecting for {}", name, spec.server(), e.getMessage(), what);
                } else {
                    LOG.warn("{}: connection to {} lost during {} ({}); reconnecting once", name, spec.server(), what, e.getMessage());
                }
                try {
                    T result = op.run();
                    lastUsed = System.nanoTime();
                    return result;
                } catch (StoreClosedException | FolderClosedException again) {
                    drop();
                    throw new TransientStoreException(name + ": " + what + " failed: connection to " + spec.server()
                            + " lost again after reconnecting: " + again.getMessage(), again);
                }
            }
        } catch (ConnectionLimitException e) {
            // Nothing was sent: no permit of the server's limit (see ServerConnectionLimit).
            throw new StoreException(name + ": " + e.getMessage(), e);
        } catch (jakarta.mail.AuthenticationFailedException e) {
            drop();
            String why = !oauth2 || e instanceof NoSecretException ? ""
                    : secret.renewable() ? " (the access token from passcmd was refused, and a fresh one too)"
                    : " (the access token was refused)";
            throw new StoreException(name + ": login to " + spec.server() + " failed: " + e.getMessage() + why, e);
        } catch (MessagingException e) {
            throw dropIfBroken(ImapFailures.classify(name + ": " + what + " failed on " + spec.server(), e, what.startsWith(ImapFailures.APPENDING)));
        } catch (IOException e) {
            throw dropIfBroken(ImapFailures.classify(name + ": " + what + " failed", e, what.startsWith(ImapFailures.APPENDING)));
        }
    }

    /**
     * A transient failure leaves the connection in doubt: dropped, so that a redelivery within
     * the "recently used" window reconnects instead of reusing a dead socket.
     */
    private StoreException dropIfBroken(StoreException e) {
        if (e.isTransient()) {
            drop();
        }
        return e;
    }

    /**
     * Before a command that must not be repeated, proves the connection alive with a NOOP
     * (RFC 3501 section 6.1.2) and drops it if dead, so that a server's idle timeout is
     * found before the command goes out rather than in the middle of it.
     */
    private void ensureAlive() {
        if (recentlyUsed()) {
            // A connection that answered moments ago is alive; a NOOP per APPEND would double
            // the round trips of a bulk copy.
            return;
        }
        lastUsed = System.nanoTime();
        if (current != null) {
            try {
                command(current, p -> {
                    p.noop();
                    return null;
                });
                return;
            } catch (MessagingException | RuntimeException e) {
                LOG.info("{}: connection to {} found dead ({}); reconnecting", name, spec.server(), e.getMessage());
                drop();
                return;
            }
        }
        if (imap != null && !imap.isConnected()) { // Angus' isConnected() sends a NOOP
            LOG.info("{}: connection to {} found dead; reconnecting", name, spec.server());
            drop();
        }
    }

    /** Whether the connection answered within the last {@link #idleCheckNanos}. */
    private boolean recentlyUsed() {
        return lastUsed != 0 && System.nanoTime() - lastUsed < idleCheckNanos;
    }

    /** How long a connection that just answered is trusted without a NOOP; tests set 0. */
    void idleCheck(Duration trusted) {
        this.idleCheckNanos = trusted.toNanos();
    }

    // ------------------------------------------------------------------ protocol helpers

    /** Runs protocol commands on a folder's connection (the selected one, else the store's). */
    @SuppressWarnings("unchecked")
    static <T> T command(IMAPFolder folder, IMAPFolder.ProtocolCommand cmd) throws MessagingException {
        return (T) folder.doCommand(cmd);
    }

    /** Issues a raw command, hands untagged responses to Angus and throws on NO/BAD. */
    static Response[] raw(IMAPProtocol p, String command) throws ProtocolException {
        Response[] r = p.command(command, null);
        Response last = r[r.length - 1];
        List<Response> others = new ArrayList<>();
        for (Response each : r) {
            if (!(each instanceof FetchResponse) && each != last) {
                others.add(each);
            }
        }
        // EXISTS/EXPUNGE/VANISHED (see VanishedAwareFolder)/capability updates keep Angus' view of the folder right.
        p.notifyResponseHandlers(others.toArray(new Response[0]));
        p.handleResult(last);
        return r;
    }
}
