package org.mailsync.store.imap;

import static org.mailsync.store.imap.ImapConnection.command;
import static org.mailsync.store.imap.ImapConnection.isInbox;
import static org.mailsync.store.imap.ImapConnection.raw;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;

import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderSnapshot;
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
 * {@code \Seen} and cannot list, append or address messages by UID. This class holds the
 * store's verbs; the connection (login, the one selected folder, reconnecting, failure
 * classes) is {@code ImapConnection}'s job, indexing {@code ImapFolderIndexer}'s and LIST {@code
 * ImapFolderList}'s.
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
 * listed-but-missing names apart), UNSELECT (RFC 3691, via Angus), and for the incremental
 * index CONDSTORE and QRESYNC (RFC 7162) and ESEARCH (RFC 4731). Once QRESYNC is enabled, the
 * connection's expunges arrive as VANISHED responses, followed by {@code VanishedAwareFolder}.
 *
 * <p><b>Secrets.</b> The password is kept in a char array, passed to Angus only while logging
 * in and never put in a message. Protocol debugging ({@code /debug}) runs with
 * {@code mail.debug.auth=false}, under which Angus suppresses the LOGIN/AUTHENTICATE exchange;
 * lines starting a LOGIN or AUTHENTICATE command are additionally redacted ({@code ProtocolTrace}).
 * With {@code auth xoauth2} the secret is an OAuth2 access token, asked of its {@link LoginSecret}
 * at each login and sent by XOAUTH2 only ({@code ImapConnection}).
 *
 * <p>Not thread-safe, like every {@link MailStore}.
 */
public final class ImapStore implements MailStore {

    private static final Logger LOG = LoggerFactory.getLogger(ImapStore.class);

    private final String name;
    private final ImapConnection conn;
    private final ImapFolderIndexer indexer;
    private final ImapFlagChanges flagChanges;
    private final ImapMoves moves;
    private final ImapFolderList folders;
    private final QuotaRefusals quota = new QuotaRefusals();
    /** The login's {@code throttle}, shared with its other connections; null for none. */
    private Throttle throttle;
    private Character delimiter;

    /**
     * Creates a store; nothing connects until the first operation.
     *
     * @param spec     the c-client server spec ({@code server} setting)
     * @param password the password; copied, so the caller may clear its array
     * @param name     the store's name in the configuration, used in messages
     */
    public ImapStore(ImapServerSpec spec, char[] password, String name) {
        this(new ImapConnection(spec, password, name), name);
    }

    /**
     * Creates a store that asks for its secret at every login; nothing connects until the first
     * operation.
     *
     * @param spec   the c-client server spec ({@code server} setting)
     * @param secret the password, or with {@code oauth2} the OAuth2 access token; asked for at
     *               each login, so that a token helper behind it can hand out a fresh one
     * @param oauth2 whether to log in by SASL XOAUTH2 with an access token ({@code auth xoauth2})
     * @param name   the store's name in the configuration, used in messages
     * @throws IllegalArgumentException when the spec's flags do not go with the login
     */
    public ImapStore(ImapServerSpec spec, LoginSecret secret, boolean oauth2, String name) {
        this(new ImapConnection(spec, secret, oauth2, name), name);
    }

    private ImapStore(ImapConnection conn, String name) {
        this.name = name;
        this.conn = conn;
        this.indexer = new ImapFolderIndexer(conn);
        this.flagChanges = new ImapFlagChanges(conn, name);
        this.moves = new ImapMoves(conn, name, this::delete);
        this.folders = new ImapFolderList(conn);
    }

    /** Same as {@link #ImapStore(ImapServerSpec, char[], String)} with a String password. */
    public ImapStore(ImapServerSpec spec, String password, String name) {
        this(spec, password == null ? null : password.toCharArray(), name);
    }

    /**
     * Limits the message bodies this store sends and reads to a rate, which the caller may share
     * with other stores (the connections of one login); null for no limit.
     */
    public void throttle(Throttle throttle) {
        this.throttle = throttle;
    }

    /** The store's one connection, for {@link ImapIdle}, which waits on it. */
    ImapConnection connection() {
        return conn;
    }

    /** Where protocol debug lines go (tests capture them); default: the ".protocol" logger. */
    void protocolSink(Consumer<String> sink) {
        conn.trace().sink(sink);
    }

    /** How long a connection that just answered is trusted without a NOOP; tests set 0. */
    void idleCheck(java.time.Duration trusted) {
        conn.idleCheck(trusted);
    }

    /**
     * Connects and logs in now rather than on first use, so that a wrong password, a refused
     * connection or a certificate that fails validation is reported before anything else of a
     * run has started.
     */
    public void connect() throws StoreException {
        conn.run("connecting", true, () -> conn.connected());
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
                delimiter = conn.run("reading the hierarchy delimiter", true, () -> {
                    // LIST "" "" answers with the delimiter of the root (RFC 3501 section 6.3.8).
                    return conn.root().getSeparator();
                });
            } catch (StoreException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return delimiter;
    }

    @Override
    public List<FolderInfo> listFolders(String pattern) throws StoreException {
        return conn.run("LIST " + pattern, true, () -> folders.list(pattern));
    }

    @Override
    public boolean exists(String folder) throws StoreException {
        return conn.run("checking " + folder, true, () -> {
            FolderInfo fi = folders.listExact(folder);
            if (fi == null || !fi.selectable()) {
                return false;
            }
            // Without LIST-STATUS the LIST attributes may claim too much (see ImapFolderList): STATUS
            // (RFC 3501 section 6.3.10) fails for a name that cannot be selected.
            return command(conn.root(), p -> {
                try {
                    p.status(fi.name(), new String[] {"UIDVALIDITY"});
                    return true;
                } catch (CommandFailedException e) {
                    return false;
                }
            });
        });
    }

    @Override
    public List<MessageMeta> index(String folder) throws StoreException {
        return indexer.index(folder);
    }

    /**
     * {@inheritDoc}
     *
     * <p>On IMAP an unchanged folder costs one STATUS and nothing else when the server has
     * CONDSTORE; otherwise only flags, expunges and new messages are read (see
     * {@code ImapFolderIndexer} for the QRESYNC, CONDSTORE and plain paths). The snapshot's
     * validity is {@code "imap/1 UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ"}; each entry's
     * stamp is the UIDVALIDITY of its key.
     */
    @Override
    public FolderSnapshot index(String folder, FolderSnapshot previous) throws StoreException {
        return indexer.index(folder, previous);
    }

    @Override
    public boolean isEmpty(String folder) throws StoreException {
        return indexer.isEmpty(folder);
    }

    @Override
    public String fingerprint(String folder) throws StoreException {
        return indexer.fingerprint(folder);
    }

    private ImapKey parseKey(String folder, String key) throws StoreException {
        return ImapKey.require(name, folder, key);
    }

    private void checkValidity(IMAPFolder f, String folder, ImapKey k) throws MessagingException, StoreException {
        k.requireValidity(f, name, folder);
    }

    @Override
    public InputStream open(String folder, String key) throws StoreException {
        ImapKey k = parseKey(folder, key);
        return conn.run("reading " + key + " of " + folder, true, () -> {
            IMAPFolder f = conn.select(folder, Folder.READ_ONLY);
            checkValidity(f, folder, k);
            Message m = f.getMessageByUID(k.uid());
            if (conn.outOfStep()) {
                // Another client's expunge arrived with the lookup, after the FETCH that numbered
                // the message: its number may be stale, and the body is read by number. A fresh
                // EXAMINE numbers it again.
                f = conn.select(folder, Folder.READ_ONLY);
                checkValidity(f, folder, k);
                m = f.getMessageByUID(k.uid());
                if (conn.outOfStep()) {
                    throw new TransientStoreException(name + ": " + folder + " on " + conn.server()
                            + " is being expunged by another client while " + key + " is looked up; try again", null);
                }
            }
            if (m == null || m.isExpunged()) { // expunged: looked up before in this selection, gone since
                throw new StoreException(name + ": no message " + key + " in " + folder);
            }
            // With partialfetch and IMAP4rev1, getMimeStream() returns Angus' IMAPInputStream,
            // which fetches BODY.PEEK[]<offset.FETCH_CHUNK> chunks on demand: the message is
            // never held whole in the heap, and peek keeps \Seen unset.
            InputStream body = ((IMAPMessage) m).getMimeStream();
            return throttle == null ? body : throttle.wrap(body);
        });
    }

    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) throws StoreException {
        return append(folder, message, flags, Set.of(), internalDate);
    }

    /**
     * Keywords go in the APPEND's flag list, those the folder's PERMANENTFLAGS allow
     * ({@code ImapFlagChanges}); others are dropped with a warning. A message the server refuses
     * ({@code [TOOBIG]}, {@code [OVERQUOTA]}, any {@code NO}) is a {@link MessageRejectedException};
     * after an {@code [OVERQUOTA]}, messages at least as big are refused without being sent for
     * a while ({@code QuotaRefusals}).
     */
    @Override
    public String append(String folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant internalDate)
            throws StoreException {
        VerbatimMessage msg;
        try {
            // Throttled while it is taken in: the APPEND that sends it follows at once, so the
            // bodies of a run go out no faster than the rate on average.
            msg = new VerbatimMessage(conn.session(), throttle == null ? message : throttle.wrap(message),
                    internalDate == null ? null : Date.from(internalDate));
        } catch (IOException e) {
            throw new MessageRejectedException(name + ": reading the message to append to " + folder + ": " + e.getMessage(), e);
        }
        try (msg) {
            if (quota.wouldRefuse(msg.length())) {
                throw new MessageRejectedException(name + ": not appending to " + folder + " on " + conn.server() + ": "
                        + ImapResponseCode.OVERQUOTA.meaning() + " (a message of " + quota.smallestRefused()
                        + " bytes was refused with [OVERQUOTA] moments ago; this one of " + msg.length()
                        + " bytes is not sent)", null);
            }
            return appendOnce(folder, msg, flags, keywords);
        } catch (OverQuotaException e) {
            quota.refused(msg.length());
            throw e;
        } catch (IOException e) {
            LOG.warn("{}: could not remove a spool file: {}", name, e.toString());
            throw new StoreException(name + ": spool file: " + e.getMessage(), e);
        }
    }

    private String appendOnce(String folder, VerbatimMessage msg, Set<Flag> flags, Set<String> keywords) throws StoreException {
        return conn.run(ImapFailures.APPENDING + folder, false, () -> {
            IMAPFolder f;
            // With keywords the folder is selected read-write, for its PERMANENTFLAGS.
            msg.setFlags(flagChanges.forAppend(folder, flags, keywords), true);
            IMAPFolder selected = conn.selected(folder);
            if (selected != null) {
                f = selected; // APPEND is fine in the selected state, on the same connection
            } else {
                f = (IMAPFolder) conn.root().getFolder(folder);
                if (!f.exists()) {
                    throw conn.notFound(folder);
                }
            }
            // APPEND with flags and date-time (RFC 3501 section 6.3.11); the APPENDUID
            // response code (RFC 4315 section 3) gives the new UID when the server has UIDPLUS.
            AppendUID[] uids = f.appendUIDMessages(new Message[] {msg});
            if (uids == null || uids.length == 0 || uids[0] == null) {
                LOG.debug("{}: no APPENDUID from {} (no UIDPLUS): the new message's key is unknown", name, conn.server());
                return null;
            }
            return ImapKey.format(uids[0].uidvalidity, uids[0].uid);
        });
    }

    /** {@code UID STORE +FLAGS.SILENT / -FLAGS.SILENT} per group of equal deltas ({@code ImapFlagChanges}). */
    @Override
    public void changeFlags(String folder, Map<String, FlagChange> changes) throws StoreException {
        flagChanges.change(folder, changes);
    }

    @Override
    public void delete(String folder, Collection<String> keys) throws StoreException {
        List<ImapKey> parsed = new ArrayList<>();
        for (String key : keys) {
            parsed.add(parseKey(folder, key));
        }
        if (parsed.isEmpty()) {
            return;
        }
        conn.run("deleting from " + folder, false, () -> {
            VanishedAwareFolder f = conn.select(folder, Folder.READ_WRITE);
            for (ImapKey k : parsed) {
                checkValidity(f, folder, k);
            }
            long[] uids = parsed.stream().mapToLong(ImapKey::uid).distinct().sorted().toArray();
            // All or nothing: every UID must still be there before anything is flagged. A message
            // looked up earlier in this selection and expunged since is marked so, not forgotten.
            List<String> missing = new ArrayList<>();
            for (long uid : f.absent(uids)) {
                missing.add(ImapKey.format(f.getUIDValidity(), uid));
            }
            if (!missing.isEmpty()) {
                throw new StoreException(name + ": not deleting anything from " + folder + ": no message " + String.join(", ", missing));
            }
            String set = ImapKey.uidSet(uids);
            boolean uidPlus = command(f, p -> p.hasCapability("UIDPLUS"));
            // RFC 3501 section 6.4.8 + 6.4.6: flag exactly these UIDs; .SILENT spares the echo.
            command(f, p -> raw(p, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)"));
            if (!uidPlus) {
                // A plain EXPUNGE (RFC 3501 section 6.4.3) would also remove messages others
                // flagged \Deleted; mailsync never does that.
                LOG.warn("{}: {} has no UIDPLUS: {} message(s) in {} flagged \\Deleted but not expunged",
                        name, conn.server(), uids.length, folder);
                throw new NotExpungedException(name + ": " + conn.server() + " lacks UIDPLUS (RFC 4315): messages "
                        + String.join(", ", keys) + " in " + folder + " are flagged \\Deleted but still there", List.copyOf(keys));
            }
            // UID EXPUNGE of exactly these UIDs (RFC 4315 section 2.1), from our own UID set rather
            // than Angus' expunge(Message[]), which takes the UIDs its message objects hold. The
            // server answers with EXPUNGE, or VANISHED once QRESYNC is enabled (RFC 7162 section
            // 3.2.10); raw() hands either to the folder, which follows both (VanishedAwareFolder).
            command(f, p -> raw(p, "UID EXPUNGE " + set));
            return null;
        });
    }

    /** {@code UID MOVE}, else {@code UID COPY} + exact deletion; new keys from COPYUID ({@code ImapMoves}). */
    @Override
    public Map<String, String> move(String folder, List<MessageMeta> messages, String target) throws StoreException {
        return moves.move(folder, messages, target);
    }

    @Override
    public String specialUseFolder(String attribute) throws StoreException {
        return moves.specialUse(attribute);
    }

    @Override
    public Map<String, String> specialUseFolders() throws StoreException {
        return moves.specialUseFolders();
    }

    @Override
    public void createFolder(String folder) throws StoreException {
        conn.run("creating " + folder, true, () -> {
            FolderInfo li = folders.listExact(folder);
            if (li != null && li.selectable()) {
                return null; // already there (INBOX always is: RFC 3501 section 6.3.3 forbids creating it)
            }
            IMAPFolder root = conn.root();
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
                // Made meanwhile by another connection (ours, for a parallel folder pair, or
                // another client's): NO [ALREADYEXISTS] means what we wanted is there.
                FolderInfo now = folders.listExact(folder);
                if (now != null && now.selectable()) {
                    return null;
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
            if (folders.listExact(parent) == null) {
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
        conn.run("removing " + folder, false, () -> {
            FolderInfo li = folders.listExact(folder);
            if (li == null || !li.selectable()) {
                throw conn.notFound(folder);
            }
            IMAPFolder root = conn.root();
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
        conn.close();
    }

    @Override
    public String toString() {
        return "ImapStore[" + name + " " + conn.server() + "]";
    }
}
