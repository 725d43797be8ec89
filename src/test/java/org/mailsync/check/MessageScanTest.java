package org.mailsync.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.identity.IdentityMode;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * {@link MessageScan} names unreadable, malformed and id-less messages by their place, and a
 * message that cannot be read has no digest (so it is never taken for anyone's copy).
 */
class MessageScanTest {

    private static final String GOOD = "From: a@b\nSubject: s\nMessage-ID: <m1@x>\n\nbody\n";

    @TempDir
    Path root;

    @Test
    void aMessageTheStoreCannotHandOverIsUnreadable() throws Exception {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(root.resolve("INBOX").resolve(sub));
        }
        Files.writeString(root.resolve("INBOX/cur/1600000001.M1P1.host:2,S"), GOOD);
        Files.writeString(root.resolve("INBOX/cur/1600000002.M1P1.host:2,S"), GOOD.replace("m1", "m2"));
        LocalStore store = new LocalStore("laptop", root, List.of(new MaildirFormat()), null);
        List<MessageMeta> metas = store.examine("INBOX");
        // gone between the listing and the reading, as when another program expunges it
        Files.delete(root.resolve("INBOX/cur/1600000002.M1P1.host:2,S"));
        List<Finding> findings = new ArrayList<>();

        List<ScannedMessage> scanned = new MessageScan(IdentityMode.MSGID).scan(store, "INBOX", metas, key -> "file " + key,
                true, findings);

        assertThat(scanned.get(0).digest()).isNotNull();
        assertThat(scanned.get(1).digest()).isNull();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.place()).isEqualTo("file 1600000002.M1P1.host");
            assertThat(f.text()).startsWith("unreadable: ");
        });
    }

    @Test
    void headersAreJudgedLineByLine() {
        assertThat(MessageScan.malformed(bytes(GOOD))).isNull();
        assertThat(MessageScan.malformed(bytes("Subject: folded\n  on two lines\nSubject : obsolete but a field\n"))).isNull();
        assertThat(MessageScan.malformed(bytes(""))).isEqualTo("it has no header");
        assertThat(MessageScan.malformed(bytes(" leading continuation\n"))).startsWith("header line 1 is neither");
        assertThat(MessageScan.malformed(bytes("From: a\nno colon here\n"))).startsWith("header line 2 is neither");
    }

    @Test
    void messagesNotOpenedAreJudgedByTheirHeadersAlone() {
        List<Finding> findings = new ArrayList<>();
        MessageMeta idless = new MessageMeta("k", 16, Set.of(), Instant.EPOCH, bytes("Subject: no id\n"));

        List<ScannedMessage> scanned = new MessageScan(IdentityMode.MSGID).scan(null, "INBOX", List.of(idless), key -> key,
                false, findings);

        assertThat(scanned.get(0).digest()).isNull();
        assertThat(findings).extracting(Finding::text).containsExactly(
                "no Message-ID: a sync in msgid mode never copies it (-t auto does)");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
