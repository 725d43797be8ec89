package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;

/**
 * {@link ImapStore#move} and {@link ImapStore#specialUseFolder} against Dovecot: {@code UID MOVE}
 * when offered, {@code UID COPY} + {@code UID EXPUNGE} of exactly those UIDs without it, the
 * new keys from COPYUID; without UIDPLUS the messages stay in both folders (never in neither).
 */
class ImapMovesIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own(String.join("\n",
            "namespace inbox {", "  inbox = yes", "  mailbox Deleted {", "    special_use = \\Trash", "  }", "}"));

    @Test
    void withMoveTheMessagesLeaveWithTheirFlagsAndTheNewKeysAreKnown() throws Exception {
        try (ImapStore s = DOVECOT.store(DOVECOT.newUser(), "/notls", "dovecot")) {
            movesTwoOfThree(s);
        }
    }

    @Test
    void withoutMoveItIsCopyAndExactExpunge() throws Exception {
        try (DovecotServer noMove = DovecotServer.start("imap_capability = IMAP4rev1 LITERAL+ IDLE NAMESPACE UNSELECT UIDPLUS");
             ImapStore s = noMove.store(noMove.newUser(), "/notls", "no move")) {
            movesTwoOfThree(s);
        }
    }

    @Test
    void withoutUidplusTheMovedMessagesStayInBothFolders() throws Exception {
        try (DovecotServer old = DovecotServer.start("imap_capability = IMAP4rev1 LITERAL+ IDLE NAMESPACE UNSELECT");
             ImapStore s = old.store(old.newUser(), "/notls", "old")) {
            append(s, "m1", Set.of());
            s.createFolder("Bin");
            List<MessageMeta> index = s.index("INBOX");

            assertThatThrownBy(() -> s.move("INBOX", index, "Bin")).isInstanceOf(NotExpungedException.class);

            assertThat(s.index("Bin")).hasSize(1);
            assertThat(s.index("INBOX")).hasSize(1);
        }
    }

    @Test
    void theTrashIsFoundByItsSpecialUseAttribute() throws Exception {
        try (ImapStore s = DOVECOT.store(DOVECOT.newUser(), "/notls", "dovecot")) {
            assertThat(s.specialUseFolder("\\Trash")).as("not there yet").isNull();
            s.createFolder("Deleted");
            assertThat(s.specialUseFolder("\\Trash")).isEqualTo("Deleted");
            assertThat(s.specialUseFolder("\\Junk")).isNull();
        }
    }

    private static void movesTwoOfThree(ImapStore s) throws Exception {
        append(s, "m1", Set.of(Flag.SEEN));
        append(s, "m2", Set.of(Flag.FLAGGED));
        append(s, "m3", Set.of());
        s.createFolder("Bin");
        List<MessageMeta> index = s.index("INBOX");

        Map<String, String> moved = s.move("INBOX", List.of(index.get(0), index.get(1)), "Bin");

        assertThat(s.index("INBOX")).extracting(MessageMeta::key).containsExactly(index.get(2).key());
        List<MessageMeta> bin = s.index("Bin");
        assertThat(bin).extracting(MessageMeta::key).containsExactlyElementsOf(moved.values());
        assertThat(moved).containsOnlyKeys(index.get(0).key(), index.get(1).key());
        assertThat(bin.get(1).flags()).containsExactly(Flag.FLAGGED);
        try (InputStream in = s.open("Bin", moved.get(index.get(0).key()))) {
            assertThat(new String(in.readAllBytes())).contains("Message-ID: <m1@example.org>");
        }
    }

    private static void append(ImapStore s, String id, Set<Flag> flags) throws Exception {
        s.append("INBOX", new ByteArrayInputStream(IncrementalIndexContract.message(id)), flags, null);
    }
}
