package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * Keywords mean the same to mailsync's Maildir store and to Dovecot on the same Maildir (the
 * server's own, a Maildir++ tree): what Dovecot writes ({@code dovecot-keywords}, letters in file
 * names) mailsync reads, and what mailsync writes Dovecot serves over IMAP.
 */
class MaildirKeywordsMatchDovecotIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private static byte[] message(String id) {
        return ("Subject: " + id + "\nMessage-ID: <" + id + "@x>\n\nbody\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void whatDovecotWritesIsRead() throws Exception {
        String user = DOVECOT.newUser();
        try (ImapStore imap = DOVECOT.store(user, "/notls", "dovecot")) {
            String key = imap.append("INBOX", new ByteArrayInputStream(message("d")), EnumSet.of(Flag.SEEN),
                    Set.of("$Forwarded", "Work"), null);
            imap.changeFlags("INBOX", Map.of(key, new FlagChange(EnumSet.of(Flag.FLAGGED), Set.of(), Set.of("Later"), Set.of("work"))));
            imap.index("INBOX"); // Dovecot has written its files by the time it answers
        }
        MaildirPlusPlusStore local = new MaildirPlusPlusStore("local", DOVECOT.server().maildir(user));
        MessageMeta meta = local.index("INBOX").get(0);
        assertThat(meta.flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
        assertThat(meta.keywords()).containsExactlyInAnyOrder("$Forwarded", "Later");
    }

    @Test
    void whatMailsyncWritesDovecotServes() throws Exception {
        String user = DOVECOT.newUser();
        Path maildir = DOVECOT.server().maildir(user);
        try (ImapStore imap = DOVECOT.store(user, "/notls", "dovecot")) {
            // Dovecot's own message and keyword first, so that mailsync adds to its dovecot-keywords.
            imap.append("INBOX", new ByteArrayInputStream(message("d")), Set.of(), Set.of("$Junk"), null);
            imap.index("INBOX");
            MaildirPlusPlusStore local = new MaildirPlusPlusStore("local", maildir);
            local.append("INBOX", new ByteArrayInputStream(message("m")), EnumSet.of(Flag.ANSWERED), Set.of("Work", "$junk"), null);
            String dovecots = local.index("INBOX").stream().filter(m -> new String(m.header(), StandardCharsets.US_ASCII)
                    .contains("<d@x>")).findFirst().orElseThrow().key();
            local.changeFlags("INBOX", Map.of(dovecots, new FlagChange(EnumSet.of(Flag.SEEN), Set.of(), Set.of("todo"), Set.of())));
            handToTheMailUser(maildir);
        }
        // A new session: Dovecot looks at the Maildir again when it is selected.
        try (ImapStore imap = DOVECOT.store(user, "/notls", "dovecot")) {
            Map<String, MessageMeta> byId = new HashMap<>();
            for (MessageMeta m : imap.index("INBOX")) {
                byId.put(new String(m.header(), StandardCharsets.US_ASCII).contains("<d@x>") ? "d" : "m", m);
            }
            assertThat(byId.get("m").flags()).containsExactly(Flag.ANSWERED);
            assertThat(byId.get("m").keywords()).containsExactlyInAnyOrder("Work", "$Junk");
            assertThat(byId.get("d").flags()).containsExactly(Flag.SEEN);
            assertThat(byId.get("d").keywords()).containsExactlyInAnyOrder("$Junk", "todo");
        }
    }

    /** Dovecot runs as {@code nobody} when the tests run as root: the files mailsync made must be its. */
    private static void handToTheMailUser(Path maildir) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        UserPrincipalLookupService lookup = maildir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> files = Files.walk(maildir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(lookup.lookupPrincipalByName("nobody"));
                view.setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
            }
        }
    }
}
