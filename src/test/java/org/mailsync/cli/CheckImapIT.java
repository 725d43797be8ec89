package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.ImapStore;

/**
 * {@code mailsync check} against a real Dovecot: duplicates and a message without Message-ID
 * on the server are named by UID, and the folder is only ever EXAMINEd (no SELECT, STORE,
 * EXPUNGE or APPEND in the {@code -di} trace, no \Seen set); {@code --fix-duplicates} removes
 * exactly the identical later copy.
 */
class CheckImapIT extends DovecotChannelTestBase {

    @BeforeEach
    void serverWithDuplicates() throws Exception {
        try (ImapStore server = server()) {
            append(server, MailTree.message("s1", "twin"));
            append(server, MailTree.message("s2", "other"));
            append(server, MailTree.message("s1", "twin"));
            append(server, MailTree.message("s2", "not the other"));
            append(server, MailTree.message(null, "no id"));
        }
    }

    @AfterEach
    void quietAgain() {
        Configurator.setLevel("org.mailsync", Level.ERROR);
    }

    @Test
    void duplicatesAndIdlessMessagesAreNamedByUidAndTheFolderIsOnlyExamined() throws Exception {
        CliRun run = CliRun.run(home, "check", "-di", "remote");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("INBOX: 5 messages, 3 problems.\n",
                "  problem   INBOX UID 3: duplicate: a byte-identical copy of UID 1",
                "  problem   INBOX UID 4: duplicate Message-ID <s2@example.org> of UID 2, with different content",
                "  problem   INBOX UID 5: no Message-ID");
        List<String> commands = CliRun.imapCommands(run.log());
        assertThat(commands).as(run.log()).anyMatch(c -> c.startsWith("EXAMINE INBOX"))
                .noneMatch(c -> c.matches("(UID )?(SELECT|STORE|EXPUNGE|APPEND|COPY|MOVE)\\b.*"))
                // message bodies are fetched with BODY.PEEK only, which never sets \Seen
                .anyMatch(c -> c.contains("FETCH") && c.contains("BODY.PEEK[]"))
                .noneMatch(c -> c.contains("FETCH") && (c.contains(" BODY[") || c.contains("(BODY[") || c.matches(".*RFC822[ )].*")));
        try (ImapStore server = server()) {
            assertThat(server.index("INBOX")).hasSize(5).allMatch(m -> m.flags().isEmpty());
        }
    }

    @Test
    void fixDuplicatesRemovesTheIdenticalLaterCopyOnly() throws Exception {
        CliRun run = CliRun.run(home, "check", "--fix-duplicates", "remote");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("  removed   INBOX UID 3 (a copy of UID 1)", "Removed 1 identical copy.");
        try (ImapStore server = server()) {
            List<MessageMeta> left = server.index("INBOX");
            assertThat(left).extracting(m -> m.key().substring(m.key().indexOf(':') + 1)).containsExactly("1", "2", "4", "5");
        }
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "another client");
    }

    private static void append(ImapStore server, String message) throws Exception {
        server.append("INBOX", new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)), Set.of(),
                Instant.parse("2020-03-02T10:00:00Z"));
    }
}
