package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/**
 * Reading must leave a server's mailbox exactly as it was: no {@code \Seen}, no other flag
 * change (RFC 3501 section 6.4.5, BODY.PEEK), with the server's own view as the witness rather
 * than our client's. Also the safety rules around keys and deletion, and that the password
 * shows up nowhere.
 */
class ImapNoSeenTest {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));

    private final List<ImapStore> stores = new ArrayList<>();

    private ImapStore store(String flags, String password) {
        ImapStore s = new ImapStore(ImapServerSpec.parse("{127.0.0.1:" + GREENMAIL.getImap().getPort() + "/user=alice/notls" + flags + "}"),
                password.toCharArray(), "remote");
        stores.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        stores.forEach(ImapStore::close);
    }

    private static byte[] message(String id, String body) {
        return ("From: a@example.org\nTo: b@example.org\nSubject: " + id + "\nMessage-ID: <" + id + "@example.org>\n\n" + body)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The flags as GreenMail itself holds them, by UID. */
    private static Map<Long, String> serverFlags() throws Exception {
        GreenMailUser user = GREENMAIL.getUserManager().getUserByEmail("alice@localhost");
        MailFolder inbox = GREENMAIL.getManagers().getImapHostManager().getInbox(user);
        Map<Long, String> flags = new TreeMap<>();
        for (StoredMessage m : inbox.getMessages()) {
            jakarta.mail.Flags f = new jakarta.mail.Flags(m.getFlags());
            f.remove(jakarta.mail.Flags.Flag.RECENT); // the server's, cleared by any SELECT
            flags.put(m.getUid(), List.of(f.getSystemFlags()).toString() + List.of(f.getUserFlags()));
        }
        return flags;
    }

    @Test
    void indexAndOpenNeverSetSeen() throws Exception {
        ImapStore s = store("", "secret");
        s.append("INBOX", new ByteArrayInputStream(message("plain", "x\n")), Set.of(), null);
        s.append("INBOX", new ByteArrayInputStream(message("flagged", "y\n")), EnumSet.of(Flag.FLAGGED), null);
        s.append("INBOX", new ByteArrayInputStream(message("answered", "z\n".repeat(300_000))), EnumSet.of(Flag.ANSWERED), null);
        s.close();
        Map<Long, String> before = serverFlags();
        assertThat(before).hasSize(3).allSatisfy((uid, f) -> assertThat(f).doesNotContain("Seen"));

        ImapStore reader = store("", "secret");
        List<MessageMeta> index = reader.index("INBOX");
        for (MessageMeta m : index) {
            try (InputStream in = reader.open("INBOX", m.key())) {
                in.readAllBytes();
            }
        }
        try (InputStream in = reader.open("INBOX", index.get(2).key())) {
            assertThat(in.readNBytes(10)).hasSize(10); // closed half-read: still no \Seen
        }
        assertThat(reader.index("INBOX")).isEqualTo(index);
        reader.close();

        assertThat(serverFlags()).isEqualTo(before);
        assertThat(index).allSatisfy(m -> assertThat(m.flags()).doesNotContain(Flag.SEEN));
        assertThat(index.get(1).flags()).containsExactly(Flag.FLAGGED);
    }

    @Test
    void indexFetchesAllHeadersInOneCommandWithPeek() throws Exception {
        ImapStore s = store("/debug", "secret");
        List<String> trace = new CopyOnWriteArrayList<>();
        s.protocolSink(trace::add);
        for (int i = 0; i < 4; i++) {
            s.append("INBOX", new ByteArrayInputStream(message("m" + i, "x\n")), Set.of(), null);
        }
        trace.clear();
        List<MessageMeta> index = s.index("INBOX");
        assertThat(index).hasSize(4);
        assertThat(trace).filteredOn(l -> l.matches("\\S+ (UID )?FETCH .*")).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("BODY.PEEK[HEADER.FIELDS").doesNotContain("BODY["));
        assertThat(trace).anyMatch(l -> l.matches("\\S+ EXAMINE INBOX")).noneMatch(l -> l.matches("\\S+ SELECT .*"));
        assertThat(new String(index.get(3).header(), StandardCharsets.ISO_8859_1))
                .contains("Message-ID: <m3@example.org>\r\n").contains("Subject: m3\r\n");
    }

    @Test
    void aKeyFromAnotherUidValidityIsRefused() throws Exception {
        ImapStore s = store("", "secret");
        String key = s.append("INBOX", new ByteArrayInputStream(message("k", "x\n")), Set.of(), null);
        assertThat(key).matches("\\d+:\\d+");
        long validity = Long.parseLong(key.substring(0, key.indexOf(':')));
        String stale = (validity + 1) + key.substring(key.indexOf(':'));
        assertThatThrownBy(() -> s.open("INBOX", stale)).isInstanceOf(StoreException.class).hasMessageContaining("UIDVALIDITY");
        assertThatThrownBy(() -> s.delete("INBOX", List.of(stale))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> s.open("INBOX", "17")).isInstanceOf(StoreException.class);
        assertThat(s.index("INBOX")).hasSize(1);
    }

    @Test
    void deleteLeavesMessagesOthersFlaggedDeleted() throws Exception {
        ImapStore s = store("", "secret");
        String theirs = s.append("INBOX", new ByteArrayInputStream(message("theirs", "x\n")), EnumSet.of(Flag.DELETED), null);
        String ours = s.append("INBOX", new ByteArrayInputStream(message("ours", "y\n")), Set.of(), null);
        s.delete("INBOX", List.of(ours));
        List<MessageMeta> left = s.index("INBOX");
        assertThat(left).extracting(MessageMeta::key).containsExactly(theirs);
        assertThat(left.get(0).flags()).containsExactly(Flag.DELETED);
    }

    @Test
    void passwordAppearsInNoTraceAndNoError() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        ImapStore s = store("/debug", "secret");
        s.protocolSink(trace::add);
        s.listFolders("*");
        s.close();
        assertThat(trace).isNotEmpty().anyMatch(l -> l.contains("LOGIN"));
        String plainB64 = java.util.Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.US_ASCII));
        assertThat(trace).noneMatch(l -> l.contains("secret") || l.contains(plainB64));

        ImapStore wrong = store("/debug", "hunter2-wrong");
        List<String> trace2 = new CopyOnWriteArrayList<>();
        wrong.protocolSink(trace2::add);
        assertThatThrownBy(() -> wrong.listFolders("*")).isInstanceOf(StoreException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2");
                    }
                })
                .hasMessageContaining("login");
        assertThat(trace2).noneMatch(l -> l.contains("hunter2"));
    }

    @Test
    void reconnectsWhenTheConnectionDrops() throws Exception {
        ImapStore s = store("", "secret");
        // The NOOP check runs only on a connection idle for a while (20 s): no waiting here.
        s.idleCheck(java.time.Duration.ZERO);
        s.append("INBOX", new ByteArrayInputStream(message("r", "x\n")), Set.of(), null);
        s.index("INBOX");
        // A GreenMail restart drops our connection while INBOX is selected (and empties the
        // server). The read is repeatable: it reconnects and succeeds.
        GREENMAIL.stop();
        GREENMAIL.start();
        assertThat(s.index("INBOX")).isEmpty();

        // APPEND is not blindly retried, but a connection found dead beforehand (Angus' NOOP
        // check in isOpen/isConnected) is replaced before the APPEND goes out.
        GREENMAIL.stop();
        GREENMAIL.start();
        String key = s.append("INBOX", new ByteArrayInputStream(message("after", "y\n")), Set.of(), null);
        assertThat(s.index("INBOX")).extracting(MessageMeta::key).containsExactly(key);
    }

    @Test
    void aBusyConnectionIsNotPingedBeforeEveryAppend() throws Exception {
        ImapStore s = store("/debug", "secret");
        List<String> trace = new CopyOnWriteArrayList<>();
        s.protocolSink(trace::add);
        for (int i = 0; i < 5; i++) {
            s.append("INBOX", new ByteArrayInputStream(message("busy" + i, "x\n")), Set.of(), null);
        }
        s.close();
        // Angus tags commands with a prefix that changes per connection: A1, BO4, ...
        List<String> commands = trace.stream().filter(l -> l.matches("^[A-Z]+\\d+ [A-Z]+.*"))
                .map(l -> l.replaceFirst("^[A-Z]+\\d+ ([A-Z]+).*", "$1")).toList();
        assertThat(commands).as("commands sent: %s", trace).filteredOn("APPEND"::equals).hasSize(5);
        assertThat(commands).as("commands sent: %s", trace).filteredOn("NOOP"::equals).hasSizeLessThanOrEqualTo(1);
    }
}
