package org.mailsync.store.imap;

import java.io.ByteArrayInputStream;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Another IMAP client changing a mailbox behind the store's back: a plain Angus session with
 * its own connection, doing what a mail reader would (flag, expunge, deliver, recreate a folder).
 */
final class OtherImapClient implements AutoCloseable {

    private final Session session;
    private final Store store;
    private boolean uidValidityInSeconds;

    OtherImapClient(int port, String user, String password) throws MessagingException {
        Properties p = new Properties();
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", Integer.toString(port));
        session = Session.getInstance(p);
        store = session.getStore("imap");
        store.connect("127.0.0.1", port, user, password);
    }

    /** The UID of a store key {@code <UIDVALIDITY>:<UID>}. */
    static long uid(String key) {
        return Long.parseLong(key.substring(key.indexOf(':') + 1));
    }

    void setFlag(String folder, String key, Flags.Flag flag, boolean set) throws MessagingException {
        IMAPFolder f = open(folder);
        try {
            Message m = f.getMessageByUID(uid(key));
            m.setFlag(flag, set);
        } finally {
            f.close(false);
        }
    }

    /** Flags the message \Deleted and expunges the folder (which holds no other \Deleted message in these tests). */
    void expunge(String folder, String key) throws MessagingException {
        IMAPFolder f = open(folder);
        try {
            f.getMessageByUID(uid(key)).setFlag(Flags.Flag.DELETED, true);
            f.expunge();
        } finally {
            f.close(false);
        }
    }

    /** Flags these messages \Deleted and expunges them with one EXPUNGE, so that one VANISHED names them all. */
    void expunge(String folder, java.util.List<String> keys) throws MessagingException {
        IMAPFolder f = open(folder);
        try {
            for (String key : keys) {
                f.getMessageByUID(uid(key)).setFlag(Flags.Flag.DELETED, true);
            }
            f.expunge();
        } finally {
            f.close(false);
        }
    }

    void append(String folder, byte[] raw, Flags flags) throws MessagingException {
        IMAPFolder f = (IMAPFolder) store.getFolder(folder);
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(raw));
        m.setFlags(flags, true);
        f.appendMessages(new Message[] {m});
    }

    /** Appends many messages over one connection, one APPEND each. */
    void appendAll(String folder, Message[] messages) throws MessagingException {
        ((IMAPFolder) store.getFolder(folder)).appendMessages(messages);
    }

    Session session() {
        return session;
    }

    /**
     * For GreenMail, whose UIDVALIDITY is the creation time in seconds while UIDs restart at 1:
     * a folder recreated within the same second would reuse UIDs under the same UIDVALIDITY,
     * against RFC 3501 section 2.3.1.1, so {@link #recreate} waits for the next second.
     */
    OtherImapClient uidValidityInSeconds() {
        uidValidityInSeconds = true;
        return this;
    }

    /** Deletes the folder and creates it again: the server must give it a new UIDVALIDITY (RFC 3501 section 2.3.1.1). */
    void recreate(String folder) throws MessagingException, InterruptedException {
        Folder f = store.getFolder(folder);
        f.delete(true);
        if (uidValidityInSeconds) {
            Thread.sleep(1001 - System.currentTimeMillis() % 1000);
        }
        store.getFolder(folder).create(Folder.HOLDS_MESSAGES);
    }

    private IMAPFolder open(String folder) throws MessagingException {
        IMAPFolder f = (IMAPFolder) store.getFolder(folder);
        f.open(Folder.READ_WRITE);
        return f;
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
