package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * The store contract against a real Dovecot 2.3 (see {@link DovecotServer}), over STARTTLS,
 * with a fresh user per test. Dovecot keeps 8-bit headers and folding as sent, so the
 * contract's 8-bit test runs unmodified here; reading is also checked against the Maildir
 * files themselves (a \Seen change would rename a file to {@code ...:2,S}).
 */
class ImapStoreDovecotIT extends ImapStoreContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private String user;

    @Override
    protected MailStore newStore(Path dir) throws Exception {
        user = DOVECOT.newUser();
        return DOVECOT.store(user, "/tls/novalidate-cert", "dovecot");
    }

    /** The contract's version plus: the Maildir's message files keep their names and bytes. */
    @Override
    @Test
    protected void readingChangesNoFile() throws Exception {
        store.createFolder("inbox");
        append("inbox", message("<ro1@example.org>", "ro1", "x\n"));
        append("inbox", message("<ro2@example.org>", "ro2", "y\n"));
        Map<String, String> before = messageFiles(DOVECOT.maildir(user));
        assertThat(before).hasSize(2);
        super.readingChangesNoFile();
        Map<String, String> after = messageFiles(DOVECOT.maildir(user));
        after.keySet().retainAll(before.keySet()); // super appended its own two
        assertThat(after).isEqualTo(before);
    }

    private static Map<String, String> messageFiles(Path maildir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(maildir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String parent = f.getParent().getFileName().toString();
                if (Files.isRegularFile(f) && (parent.equals("cur") || parent.equals("new"))) {
                    files.put(maildir.relativize(f).toString(), Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(f))));
                }
            }
        }
        return files;
    }

    @Test
    void headerBytesComeBackAsStoredWithFolding() throws Exception {
        String raw = "From: a@example.org\r\nSubject: a long\r\n\tfolded subject caf\u00e9\r\nX-Other: not fetched\r\n"
                + "Message-ID:   <fold@example.org>\r\n\r\nbody\r\n";
        store.append("INBOX", new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), Set.of(), null);
        MessageMeta meta = store.index("INBOX").get(0);
        assertThat(new String(meta.header(), StandardCharsets.ISO_8859_1))
                .isEqualTo("From: a@example.org\r\nSubject: a long\r\n\tfolded subject caf\u00e9\r\n"
                        + "Message-ID:   <fold@example.org>\r\n\r\n");
    }

    @Test
    void plainConnectionWithNotls() throws Exception {
        String u = DOVECOT.newUser();
        try (ImapStore s = DOVECOT.store(u, "/notls", "dovecot")) {
            assertThat(s.exists("INBOX")).isTrue();
        }
    }

    @Test
    void selfSignedCertificateIsRefusedUnlessNovalidateCert() throws Exception {
        String u = DOVECOT.newUser();
        try (ImapStore s = DOVECOT.store(u, "/tls", "dovecot")) {
            assertThatThrownBy(() -> s.listFolders("*")).isInstanceOf(StoreException.class)
                    .hasMessageNotContaining(DOVECOT.password());
        }
    }

    @Test
    void withoutUidplusDeletedMessagesStayFlagged() throws Exception {
        try (DovecotServer noUidPlus = DovecotServer.start("imap_capability = IMAP4rev1 LITERAL+ IDLE NAMESPACE UNSELECT");
                ImapStore s = noUidPlus.store(noUidPlus.newUser(), "/notls", "old")) {
            // Dovecot still answers APPEND with APPENDUID here; only the capability is hidden.
            s.append("INBOX", new ByteArrayInputStream(message("<u1@example.org>", "u1", "x\n")), Set.of(), null);
            s.append("INBOX", new ByteArrayInputStream(message("<u2@example.org>", "u2", "y\n")), Set.of(), null);
            List<MessageMeta> index = s.index("INBOX");
            assertThatThrownBy(() -> s.delete("INBOX", List.of(index.get(1).key())))
                    .isInstanceOf(NotExpungedException.class)
                    .satisfies(e -> assertThat(((NotExpungedException) e).keys()).containsExactly(index.get(1).key()));
            List<MessageMeta> after = s.index("INBOX");
            assertThat(after).hasSize(2);
            assertThat(after.get(1).flags()).contains(org.mailsync.store.Flag.DELETED);
            assertThat(after.get(0).flags()).isEmpty();
        }
    }
}
