package org.mailsync.store.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;

import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.MessageRejectedException;
import org.mailsync.store.StoreException;
import org.mailsync.store.TransientStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MailStore} on an IMAP4rev1 server (RFC 3501), written directly on Angus Mail's
 * {@link IMAPStore}/{@link IMAPFolder} rather than on camel-mail, whose consumer sets
 * {@code \Seen} and cannot list, append or address messages by UID.
 *
 * <p><b>Keys</b> are {@code <UIDVALIDITY>:<UID>} (RFC 3501 section 2.3.1.1): a key is refused
 * once the folder's UIDVALIDITY changed, so a key can never name another message.
 *
 * <p><b>Nothing is marked read.</b> {@code mail.imap.peek=true} makes every body fetch a
 * {@code BODY.PEEK} (RFC 3501 section 6.4.5), indexing and reading open the folder with
 * EXAMINE (read-only, section 6.3.2), and the index fetch is issued by hand with
 * {@code BODY.PEEK[HEADER.FIELDS (...)]}.
 *
 * <p><b>Connections.</b> One connection, opened on first use and kept for the store's life; at
 * most one folder is selected at a time and it is closed (without expunge: Angus uses
 * UNSELECT, or EXAMINE+CLOSE, never a bare CLOSE on a read-write folder) before store-level
 * commands, so Angus' connection pool never opens a second connection. A stream returned by
 * {@link #open} reads the message in chunks over that selection, so it must be read before the
 * next call on this store selects another folder.
 *
 * <p><b>Extensions used</b> when the server has them: UIDPLUS (RFC 4315: APPENDUID for the new
 * key, UID EXPUNGE for exact deletion), STARTTLS (RFC 3501 section 6.2.1), SASL PLAIN with an
 * authorization id for {@code /authuser=} (RFC 4616), LIST-STATUS (RFC 5819, to tell
 * listed-but-missing names apart), UNSELECT (RFC 3691, via Angus).
 *
 * <p><b>Secrets.</b> The password is kept in a char array, passed to Angus only while logging
 * in and never put in a message. Protocol debugging ({@code /debug}) runs with
 * {@code mail.debug.auth=false}, under which Angus suppresses the LOGIN/AUTHENTICATE exchange;
 * lines starting a LOGIN or AUTHENTICATE command are additionally redacted here.
 *
 * <p>Not thread-safe, like every {@link MailStore}.
 */
public final class ImapStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);
    private static final Logger PROTOCOL_LOG = LoggerFactory.getLogger(ImapStore.class.getName() + ".protocol");

    /** The header fields every store must provide for identities (see {@link MessageMeta}). */
    static final List<String> HEADER_FIELDS = List.of("Message-ID", "Date", "Subject", "From", "To");

    /** The single FETCH of an index: RFC 3501 section 6.4.5, all items in one round trip. */
    static final String INDEX_ITEMS = "UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS ("
            + String.join(" ", HEADER_FIELDS) + ")]";

    /** Chunk size of partial fetches when a message is read (RFC 3501 section 6.4.5, {@code <origin.octets>}). */
    static final int FETCH_CHUNK = 1 << 20;

    static final int TIMEOUT_MILLIS = 30_000;

    private static final Pattern AUTH_LINE = Pattern.compile("^(\\S+ (?:UID )?(?:LOGIN|AUTHENTICATE))\\b.*$",
            Pattern.CASE_INSENSITIVE);

    private final ImapServerSpec spec;
    private final char[] password;
    private final String name;
    private final String protocol;
    private final Session session;

    private IMAPStore imap;
    /** When the connection last answered (System.nanoTime), 0 before the first use. */
    private long lastUsed;
    /** How long a connection that just answered is trusted without a NOOP (20 s by default). */
    private long idleCheckNanos = 20_000_000_000L;
    private IMAPFolder current;
    private int currentMode;
    private Character delimiter;
    private Consumer<String> protocolSink = PROTOCOL_LOG::info;

    /**
     * Creates a store; nothing connects until the first operation.
     *
     * @param spec     the c-client server spec ({@code server} setting)
     * @param password the password; copied, so the caller may clear its array
     * @param name     the store's name in the configuration, used in messages
     */
    public ImapStore(ImapServerSpec spec, char[] password, String name) {
        this.spec = spec;
        this.password = password == null ? new char[0] : password.clone();
        this.name = name;
        if (spec.secure() && !spec.ssl() && spec.tls() == ImapServerSpec.TlsMode.NEVER) {
            // We offer no challenge-response mechanism, so /secure needs an encrypted channel.
            throw new IllegalArgumentException(name + ": /secure forbids sending the password in clear, but /notls forbids encryption");
        }
        this.protocol = spec.ssl() ? "imaps" : "imap";
        this.session = Session.getInstance(sessionProperties(spec));
        if (spec.debug()) {
            session.setDebug(true);
            session.setDebugOut(new PrintStream(new LineSink(this::protocolLine), true, StandardCharsets.ISO_8859_1));
        }
        if (!spec.validateCert()) {
            LOG.warn("{}: /novalidate-cert: the server's certificate is not checked; anyone on the path can read the mail and the password", name);
        }
    }

    /** Same as {@link #ImapStore(ImapServerSpec, char[], String)} with a String password. */
    public ImapStore(ImapServerSpec spec, String password, String name) {
        this(spec, password == null ? null : password.toCharArray(), name);
    }

    /** The jakarta.mail properties for a spec; package-private so a test can check them. */
    static Properties sessionProperties(ImapServerSpec spec) {
        String protocol = spec.ssl() ? "imaps" : "imap";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.store.protocol", protocol);
        props.setProperty(p + "host", spec.host());
        props.setProperty(p + "port", Integer.toString(spec.port()));
        // Every body fetch is BODY.PEEK: reading must never set \Seen (RFC 3501 section 6.4.5).
        props.setProperty(p + "peek", "true");
        props.setProperty(p + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        props.setProperty(p + "timeout", Integer.toString(TIMEOUT_MILLIS));
        // Bodies come in chunks of FETCH_CHUNK, so open() streams instead of loading a message.
        props.setProperty(p + "partialfetch", "true");
        props.setProperty(p + "fetchsize", Integer.toString(FETCH_CHUNK));
        // Larger messages are written twice by APPEND instead of being buffered (VerbatimMessage spools).
        props.setProperty(p + "appendbuffersize", Integer.toString(VerbatimMessage.IN_MEMORY_LIMIT));
        props.setProperty(p + "connectionpoolsize", "1");
        if (!spec.ssl()) {
            boolean required = spec.tls() == ImapServerSpec.TlsMode.REQUIRED || spec.secure();
            props.setProperty(p + "starttls.enable", Boolean.toString(spec.tls() != ImapServerSpec.TlsMode.NEVER));
            props.setProperty(p + "starttls.required", Boolean.toString(required));
        }
        props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(spec.validateCert()));
        if (!spec.validateCert()) {
            props.setProperty(p + "ssl.trust", "*");
        }
        if (spec.authUser() != null && spec.user() != null) {
            // c-client: authenticate as authuser, act as user (SASL PLAIN authzid, RFC 4616).
            props.setProperty(p + "sasl.authorizationid", spec.user());
        }
        // Angus hides the authentication exchange from the debug log unless this is true.
        props.setProperty("mail.debug.auth", "false");
        return props;
    }

    /** Where protocol debug lines go (tests capture them); default: the ".protocol" logger. */
    void protocolSink(Consumer<String> sink) {
        this.protocolSink = sink;
    }

    private void protocolLine(String line) {
        var m = AUTH_LINE.matcher(line);
        protocolSink.accept(m.matches() ? m.group(1) + " <redacted>" : line);
    }

    // ------------------------------------------------------------------ connection

    private IMAPStore connected() throws MessagingException {
        // Angus' isConnected() costs a NOOP round trip: skip it while the connection is busy.
        if (imap != null && (recentlyUsed() || imap.isConnected())) {
            lastUsed = System.nanoTime();
            return imap;
        }
        dropConnection();
        IMAPStore s = (IMAPStore) session.getStore(protocol);
        String user = spec.user() != null ? spec.user() : System.getProperty("user.name");
        String login = spec.authUser() != null ? spec.authUser() : user;
        s.connect(spec.host(), spec.port(), login, new String(password));
        imap = s;
        lastUsed = System.nanoTime();
        return s;
    }

    /**
     * Connects and logs in now rather than on first use, so that a wrong password, a refused
     * connection or a certificate that fails validation is reported before anything else of a
     * run has started.
     */
    public void connect() throws StoreException {
        run("connecting", true, () -> connected());
    }

    private void dropConnection() {
        closeCurrent();
        if (imap != null) {
            try {
                imap.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("{}: closing the connection: {}", name, e.toString());
            }
            imap = null;
        }
    }

    /** Closes the selected folder without expunging anything (see the class comment). */
    private void closeCurrent() {
        if (current != null) {
            try {
                if (current.isOpen()) {
                    current.close(false);
                }
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("{}: closing {}: {}", name, current.getFullName(), e.toString());
            }
            current = null;
        }
    }

    /** Selects a folder with EXAMINE (READ_ONLY) or SELECT (READ_WRITE), reusing the selection. */
    private IMAPFolder select(String folder, int mode) throws MessagingException, StoreException {
        if (current != null && current.isOpen() && currentMode == mode && sameName(current.getFullName(), folder)) {
            return current;
        }
        closeCurrent();
        IMAPFolder f = (IMAPFolder) connected().getFolder(folder);
        try {
            f.open(mode);
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
        return f;
    }

    private FolderNotFoundException notFound(String folder) {
        return new FolderNotFoundException(name + ": no folder \"" + folder + "\" on " + spec.server());
    }

    private static boolean sameName(String a, String b) {
        return a.equals(b) || (isInbox(a) && isInbox(b));
    }

    /** RFC 3501 section 5.1: the name INBOX is case-insensitive. */
    private static boolean isInbox(String folder) {
        return folder.equalsIgnoreCase("INBOX");
    }

    /** An IMAP operation; may be run twice when the first attempt finds the connection dropped. */
    private interface Operation<T> {
        T run() throws MessagingException, StoreException, IOException;
    }

    /**
     * Runs an operation, reconnecting once when the connection turns out to be dropped. Only
     * operations that are safe to repeat are retried; for the others (APPEND, which the server
     * may have carried out before the connection broke, and deletions) the loss is reported
     * and the next operation reconnects.
     */
    private <T> T run(String what, boolean repeatable, Operation<T> op) throws StoreException {
        try {
            if (!repeatable) {
                ensureAlive();
            }
            try {
                return op.run();
            } catch (StoreClosedException | FolderClosedException e) {
                dropConnection();
                if (!repeatable) {
                    // Not repeated here: the route set decides (it redelivers a copy; a copy the
                    // server had taken before the drop is an identical duplicate, which the
                    // next run's duplicate rule removes).
                    throw new TransientStoreException(name + ": connection to " + spec.server() + " lost during " + what
                            + ": " + e.getMessage(), e);
                }
                LOG.warn("{}: connection to {} lost during {} ({}); reconnecting once", name, spec.server(), what, e.getMessage());
                try {
                    return op.run();
                } catch (StoreClosedException | FolderClosedException again) {
                    dropConnection();
                    throw new TransientStoreException(name + ": " + what + " failed: connection to " + spec.server()
                            + " lost again after reconnecting: " + again.getMessage(), again);
                }
            }
        } catch (jakarta.mail.AuthenticationFailedException e) {
            dropConnection();
            throw new StoreException(name + ": login to " + spec.server() + " failed: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw dropIfBroken(classify(name + ": " + what + " failed on " + spec.server() + ": " + e.getMessage(), e));
        } catch (IOException e) {
            throw dropIfBroken(classify(name + ": " + what + " failed: " + e.getMessage(), e));
        }
    }

    /**
     * A transient failure leaves the connection in doubt: dropped, so that a redelivery within
     * the "recently used" window reconnects instead of reusing a dead socket.
     */
    private StoreException dropIfBroken(StoreException e) {
        if (e.isTransient()) {
            dropConnection();
        }
        return e;
    }

    /**
     * A failure's class: a broken or timed-out connection, or a server that says it is busy
     * (RFC 5530 {@code UNAVAILABLE}, {@code INUSE}), is transient; a {@code NO} to an APPEND is
     * about that message; anything else is permanent for the folder.
     */
    private static StoreException classify(String message, Exception e) {
        String text = String.valueOf(e.getMessage());
        boolean refused = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            refused |= t instanceof CommandFailedException;
            if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.io.EOFException || t instanceof org.eclipse.angus.mail.iap.ConnectionException
                    || t instanceof StoreClosedException || t instanceof FolderClosedException) {
                return new TransientStoreException(message, e);
            }
        }
        if (text.contains("[UNAVAILABLE]") || text.contains("[INUSE]") || text.contains("[SERVERBUG]")) {
            return new TransientStoreException(message, e);
        }
        if ((refused || text.contains("NO ")) && message.contains(": appending to ")) {
            return new MessageRejectedException(message, e);
        }
        return new StoreException(message, e);
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
                dropConnection();
                return;
            }
        }
        if (imap != null && !imap.isConnected()) { // Angus' isConnected() sends a NOOP
            LOG.info("{}: connection to {} found dead; reconnecting", name, spec.server());
            dropConnection();
        }
    }

    /** Whether the connection answered within the last {@link #idleCheckNanos}. */
    private boolean recentlyUsed() {
        return lastUsed != 0 && System.nanoTime() - lastUsed < idleCheckNanos;
    }

    /** How long a connection that just answered is trusted without a NOOP; tests set 0. */
    void idleCheck(java.time.Duration trusted) {
        this.idleCheckNanos = trusted.toNanos();
    }

    /** Runs protocol commands on a folder's connection (the selected one, else the store's). */
    @SuppressWarnings("unchecked")
    private static <T> T command(IMAPFolder folder, IMAPFolder.ProtocolCommand cmd) throws MessagingException {
        return (T) folder.doCommand(cmd);
    }

    /** Issues a raw command, hands untagged responses to Angus and throws on NO/BAD. */
    private static Response[] raw(IMAPProtocol p, String command) throws ProtocolException {
        Response[] r = p.command(command, null);
        Response last = r[r.length - 1];
        List<Response> others = new ArrayList<>();
        for (Response each : r) {
            if (!(each instanceof FetchResponse) && each != last) {
                others.add(each);
            }
        }
        // EXISTS/EXPUNGE/capability updates keep Angus' view of the folder right.
        p.notifyResponseHandlers(others.toArray(new Response[0]));
        p.handleResult(last);
        return r;
    }

    // ------------------------------------------------------------------ MailStore

    /**
     * The delimiter the server gives for the root ({@code LIST "" ""}), fetched once. A server
     * with a flat namespace answers NIL, which Angus reports as {@code '\0'}. Connection
     * failures surface as IllegalStateException, as the interface allows no checked one.
     */
    @Override
    public char delimiter() {
        if (delimiter == null) {
            try {
                delimiter = run("reading the hierarchy delimiter", true, () -> {
                    closeCurrent();
                    // LIST "" "" answers with the delimiter of the root (RFC 3501 section 6.3.8).
                    return connected().getDefaultFolder().getSeparator();
                });
            } catch (StoreException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return delimiter;
    }

    @Override
    public List<FolderInfo> listFolders(String pattern) throws StoreException {
        return run("LIST " + pattern, true, () -> list(pattern));
    }

    /**
     * LIST "" pattern (RFC 3501 section 6.3.8). With LIST-STATUS (RFC 5819) the same command
     * also asks for each mailbox's STATUS, and a name without one is not selectable: Dovecot
     * lists a deleted parent of a kept child without \Noselect, and only the missing STATUS
     * ("NO Mailbox doesn't exist") tells it apart.
     */
    private List<FolderInfo> list(String pattern) throws MessagingException {
        closeCurrent();
        IMAPFolder root = (IMAPFolder) connected().getDefaultFolder();
        return command(root, p -> {
            List<FolderInfo> out = new ArrayList<>();
            if (!p.hasCapability("LIST-STATUS")) {
                // Angus quotes the pattern; % and * keep their meaning inside quotes, and
                // names come back decoded from modified UTF-7 (RFC 3501 section 5.1.3).
                ListInfo[] infos = p.list("", pattern);
                for (ListInfo li : infos == null ? new ListInfo[0] : infos) {
                    out.add(new FolderInfo(li.name, selectable(li)));
                }
                return out;
            }
            String arg = quoted(p.supportsUtf8() ? pattern : BASE64MailboxEncoder.encode(pattern));
            Response[] r = p.command("LIST \"\" " + arg + " RETURN (STATUS (UIDVALIDITY))", null);
            Response last = r[r.length - 1];
            List<ListInfo> infos = new ArrayList<>();
            Set<String> withStatus = new java.util.HashSet<>();
            List<Response> others = new ArrayList<>();
            for (Response each : r) {
                if (each == last) {
                    continue;
                }
                if (each instanceof IMAPResponse ir && ir.keyEquals("LIST")) {
                    infos.add(new ListInfo(ir));
                } else if (each instanceof IMAPResponse ir && ir.keyEquals("STATUS")) {
                    withStatus.add(new Status(ir).mbox);
                } else if (!each.isNO()) { // the NO for a missing mailbox is expected here
                    others.add(each);
                }
            }
            p.notifyResponseHandlers(others.toArray(new Response[0]));
            p.handleResult(last);
            for (ListInfo li : infos) {
                out.add(new FolderInfo(li.name, selectable(li) && withStatus.contains(li.name)));
            }
            return out;
        });
    }

    /** An IMAP quoted string (RFC 3501 section 4.3). */
    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Not \Noselect (RFC 3501 section 7.2.2) and not \NonExistent (RFC 5258 section 3). */
    private static boolean selectable(ListInfo li) {
        if (!li.canOpen) {
            return false;
        }
        for (String a : li.attrs == null ? new String[0] : li.attrs) {
            if (a.equalsIgnoreCase("\\NonExistent") || a.equalsIgnoreCase("\\Noselect")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean exists(String folder) throws StoreException {
        return run("checking " + folder, true, () -> {
            FolderInfo fi = listExact(folder);
            if (fi == null || !fi.selectable()) {
                return false;
            }
            // Without LIST-STATUS the LIST attributes may claim too much (see list()): STATUS
            // (RFC 3501 section 6.3.10) fails for a name that cannot be selected.
            IMAPFolder root = (IMAPFolder) connected().getDefaultFolder();
            return command(root, p -> {
                try {
                    p.status(fi.name(), new String[] {"UIDVALIDITY"});
                    return true;
                } catch (CommandFailedException e) {
                    return false;
                }
            });
        });
    }

    /** The LIST entry of exactly this name, or null (a name with wildcards lists others too). */
    private FolderInfo listExact(String folder) throws MessagingException {
        for (FolderInfo fi : list(folder)) {
            if (sameName(fi.name(), folder)) {
                return fi;
            }
        }
        return null;
    }

    @Override
    public List<MessageMeta> index(String folder) throws StoreException {
        return run("indexing " + folder, true, () -> {
            IMAPFolder f = select(folder, Folder.READ_ONLY);
            long uidValidity = f.getUIDValidity();
            int count = f.getMessageCount();
            if (count == 0) {
                return List.of();
            }
            // One FETCH for the whole folder; responses may come in any order and a message
            // may get several (RFC 3501 section 7.4.2), so they are merged by sequence number.
            Response[] responses = command(f, p -> raw(p, "FETCH 1:" + count + " (" + INDEX_ITEMS + ")"));
            TreeMap<Integer, Entry> bySeq = new TreeMap<>();
            for (Response r : responses) {
                if (r instanceof FetchResponse fr) {
                    bySeq.computeIfAbsent(fr.getNumber(), n -> new Entry()).add(fr);
                }
            }
            List<MessageMeta> out = new ArrayList<>(bySeq.size());
            for (var e : bySeq.entrySet()) {
                Entry en = e.getValue();
                if (en.uid < 0 || en.header == null) {
                    throw new StoreException(name + ": the server sent no UID or header for message " + e.getKey() + " of " + folder);
                }
                out.add(new MessageMeta(uidValidity + ":" + en.uid, en.size, en.flags, en.internalDate, en.header));
            }
            return out;
        });
    }

    /** What the FETCH responses said about one message. */
    private static final class Entry {
        long uid = -1;
        long size = -1;
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        Instant internalDate;
        byte[] header;

        void add(FetchResponse fr) {
            UID u = fr.getItem(UID.class);
            if (u != null) {
                uid = u.uid;
            }
            RFC822SIZE s = fr.getItem(RFC822SIZE.class);
            if (s != null) {
                size = s.size;
            }
            FLAGS f = fr.getItem(FLAGS.class);
            if (f != null) {
                flags = toFlags(f);
            }
            INTERNALDATE d = fr.getItem(INTERNALDATE.class);
            if (d != null && d.getDate() != null) {
                internalDate = d.getDate().toInstant();
            }
            BODY b = fr.getItem(BODY.class);
            if (b != null && b.getByteArray() != null) {
                // The header lines exactly as the server sent them, folding and blank line included.
                header = b.getByteArray().getNewBytes();
            }
        }
    }

    static Set<Flag> toFlags(Flags f) {
        Set<Flag> out = EnumSet.noneOf(Flag.class);
        if (f.contains(Flags.Flag.SEEN)) {
            out.add(Flag.SEEN);
        }
        if (f.contains(Flags.Flag.ANSWERED)) {
            out.add(Flag.ANSWERED);
        }
        if (f.contains(Flags.Flag.FLAGGED)) {
            out.add(Flag.FLAGGED);
        }
        if (f.contains(Flags.Flag.DELETED)) {
            out.add(Flag.DELETED);
        }
        if (f.contains(Flags.Flag.DRAFT)) {
            out.add(Flag.DRAFT);
        }
        return out;
    }

    static Flags toFlags(Set<Flag> flags) {
        Flags f = new Flags();
        for (Flag flag : flags) {
            f.add(switch (flag) {
                case SEEN -> Flags.Flag.SEEN;
                case ANSWERED -> Flags.Flag.ANSWERED;
                case FLAGGED -> Flags.Flag.FLAGGED;
                case DELETED -> Flags.Flag.DELETED;
                case DRAFT -> Flags.Flag.DRAFT;
            });
        }
        return f;
    }

    /** A parsed key: UIDVALIDITY and UID (RFC 3501 section 2.3.1.1). */
    private record Key(long uidValidity, long uid, String text) {
    }

    private Key parseKey(String folder, String key) throws StoreException {
        int colon = key == null ? -1 : key.indexOf(':');
        try {
            if (colon > 0) {
                long v = Long.parseLong(key.substring(0, colon));
                long u = Long.parseLong(key.substring(colon + 1));
                if (v > 0 && u > 0) {
                    return new Key(v, u, key);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StoreException(name + ": \"" + key + "\" is not a message key of " + folder);
    }

    private void checkValidity(IMAPFolder f, String folder, Key k) throws MessagingException, StoreException {
        long now = f.getUIDValidity();
        if (now != k.uidValidity()) {
            // The folder was recreated or renumbered: the UID may now name another message.
            throw new StoreException(name + ": key " + k.text() + " of " + folder + " is stale: the folder's UIDVALIDITY is now "
                    + now + " (RFC 3501 section 2.3.1.1)");
        }
    }

    @Override
    public InputStream open(String folder, String key) throws StoreException {
        Key k = parseKey(folder, key);
        return run("reading " + key + " of " + folder, true, () -> {
            IMAPFolder f = select(folder, Folder.READ_ONLY);
            checkValidity(f, folder, k);
            Message m = f.getMessageByUID(k.uid());
            if (m == null) {
                throw new StoreException(name + ": no message " + key + " in " + folder);
            }
            // With partialfetch and IMAP4rev1, getMimeStream() returns Angus' IMAPInputStream,
            // which fetches BODY.PEEK[]<offset.FETCH_CHUNK> chunks on demand: the message is
            // never held whole in the heap, and peek keeps \Seen unset.
            return ((IMAPMessage) m).getMimeStream();
        });
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        VerbatimMessage msg;
        try {
            msg = new VerbatimMessage(session, message, internalDate == null ? null : Date.from(internalDate));
            msg.setFlags(toFlags(flags), true);
        } catch (IOException | MessagingException e) {
            throw new MessageRejectedException(name + ": reading the message to append to " + folder + ": " + e.getMessage(), e);
        }
        try (msg) {
            return run("appending to " + folder, false, () -> {
                IMAPFolder f;
                if (current != null && current.isOpen() && sameName(current.getFullName(), folder)) {
                    f = current; // APPEND is fine in the selected state, on the same connection
                } else {
                    closeCurrent();
                    f = (IMAPFolder) connected().getFolder(folder);
                    if (!f.exists()) {
                        throw notFound(folder);
                    }
                }
                // APPEND with flags and date-time (RFC 3501 section 6.3.11); the APPENDUID
                // response code (RFC 4315 section 3) gives the new UID when the server has UIDPLUS.
                AppendUID[] uids = f.appendUIDMessages(new Message[] {msg});
                if (uids == null || uids.length == 0 || uids[0] == null) {
                    LOG.debug("{}: no APPENDUID from {} (no UIDPLUS): the new message's key is unknown", name, spec.server());
                    return null;
                }
                return uids[0].uidvalidity + ":" + uids[0].uid;
            });
        } catch (IOException e) {
            LOG.warn("{}: could not remove a spool file: {}", name, e.toString());
            throw new StoreException(name + ": spool file: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String folder, Collection<String> keys) throws StoreException {
        List<Key> parsed = new ArrayList<>();
        for (String key : keys) {
            parsed.add(parseKey(folder, key));
        }
        if (parsed.isEmpty()) {
            return;
        }
        run("deleting from " + folder, false, () -> {
            IMAPFolder f = select(folder, Folder.READ_WRITE);
            for (Key k : parsed) {
                checkValidity(f, folder, k);
            }
            long[] uids = parsed.stream().mapToLong(Key::uid).distinct().sorted().toArray();
            // All or nothing: every UID must still be there before anything is flagged.
            Message[] msgs = f.getMessagesByUID(uids);
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < msgs.length; i++) {
                if (msgs[i] == null) {
                    missing.add(f.getUIDValidity() + ":" + uids[i]);
                }
            }
            if (!missing.isEmpty()) {
                throw new StoreException(name + ": not deleting anything from " + folder + ": no message " + String.join(", ", missing));
            }
            String set = uidSet(uids);
            boolean uidPlus = command(f, p -> p.hasCapability("UIDPLUS"));
            // RFC 3501 section 6.4.8 + 6.4.6: flag exactly these UIDs; .SILENT spares the echo.
            command(f, p -> raw(p, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)"));
            if (!uidPlus) {
                // A plain EXPUNGE (RFC 3501 section 6.4.3) would also remove messages others
                // flagged \Deleted; mailsync never does that.
                LOG.warn("{}: {} has no UIDPLUS: {} message(s) in {} flagged \\Deleted but not expunged",
                        name, spec.server(), uids.length, folder);
                throw new NotExpungedException(name + ": " + spec.server() + " lacks UIDPLUS (RFC 4315): messages "
                        + String.join(", ", keys) + " in " + folder + " are flagged \\Deleted but still there", List.copyOf(keys));
            }
            // UID EXPUNGE of exactly these UIDs (RFC 4315 section 2.1); Angus' expunge(Message[])
            // sends UID EXPUNGE when given messages.
            f.expunge(msgs);
            return null;
        });
    }

    /** A compact UID set, {@code 1:3,7,9:10} (RFC 3501 section 9, sequence-set). */
    static String uidSet(long[] sortedUids) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sortedUids.length) {
            int j = i;
            while (j + 1 < sortedUids.length && sortedUids[j + 1] == sortedUids[j] + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(sortedUids[i]);
            if (j > i) {
                b.append(':').append(sortedUids[j]);
            }
            i = j + 1;
        }
        return b.toString();
    }

    @Override
    public void createFolder(String folder) throws StoreException {
        run("creating " + folder, true, () -> {
            FolderInfo li = listExact(folder);
            if (li != null && li.selectable()) {
                return null; // already there (INBOX always is: RFC 3501 section 6.3.3 forbids creating it)
            }
            IMAPFolder root = (IMAPFolder) connected().getDefaultFolder();
            try {
                // RFC 3501 section 6.3.3: the server SHOULD create missing superior names.
                command(root, p -> {
                    p.create(folder);
                    return null;
                });
            } catch (MessagingException e) {
                if (e instanceof StoreClosedException || e instanceof FolderClosedException) {
                    throw e;
                }
                // Some servers don't: create the parents one by one, then the folder again.
                if (!createParents(root, folder)) {
                    throw e;
                }
                command(root, p -> {
                    p.create(folder);
                    return null;
                });
            }
            return null;
        });
    }

    private boolean createParents(IMAPFolder root, String folder) throws MessagingException {
        char d = delimiter();
        boolean created = false;
        int at = folder.indexOf(d);
        while (at > 0) {
            String parent = folder.substring(0, at);
            if (listExact(parent) == null) {
                command(root, p -> {
                    p.create(parent);
                    return null;
                });
                created = true;
            }
            at = folder.indexOf(d, at + 1);
        }
        return created;
    }

    @Override
    public void removeFolder(String folder) throws StoreException {
        if (isInbox(folder)) {
            // RFC 3501 section 6.3.4: deleting INBOX is an error.
            throw new StoreException(name + ": INBOX cannot be removed");
        }
        run("removing " + folder, false, () -> {
            FolderInfo li = listExact(folder);
            if (li == null || !li.selectable()) {
                throw notFound(folder);
            }
            IMAPFolder root = (IMAPFolder) connected().getDefaultFolder();
            // DELETE (RFC 3501 section 6.3.4): a folder with subfolders loses its messages and
            // stays as a \Noselect name; the subfolders are kept.
            command(root, p -> {
                p.delete(folder);
                return null;
            });
            return null;
        });
    }

    @Override
    public void close() {
        dropConnection();
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "ImapStore[" + name + " " + spec.server() + "]";
    }

    /** Splits what Angus writes to its debug stream into lines. */
    private static final class LineSink extends OutputStream {
        private final Consumer<String> lines;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        LineSink(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                String line = buf.toString(StandardCharsets.ISO_8859_1);
                buf.reset();
                lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } else {
                buf.write(b);
            }
        }
    }
}
