package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.compat.OriginalMailsync;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * A drop-in switch: a user's {@code ~/.mailsync} in the original's syntax (no {@code format}
 * key) with an empty {@code Mail/} directory, synced by us from a Dovecot account, gains mbox
 * files, the format c-client creates, so that the original mailsync, run afterwards on the same
 * config, the same files and the same account, reads them and has nothing to copy or delete.
 * Both programs share the config: the original keeps its msinfo file, ours goes beside it
 * ({@code msinfo.db}, docs/compat.md "Switching from the original"). Skipped with the reason
 * without the original or Dovecot, unless {@code MAILSYNC_REQUIRE_ORIGINAL=1} or
 * {@code MAILSYNC_REQUIRE_DOVECOT=1}.
 */
class LegacyConfigCreatesMboxIT {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared().startedOnFirstUse();

    private OriginalMailsync original;
    private Path dir;
    private String user;

    @BeforeAll
    static void requireTheOriginalThenDovecot() throws Exception {
        OriginalMailsync.require();
        DOVECOT.server();
    }

    @BeforeEach
    void legacyConfigWithAnEmptyMailDirectory() throws Exception {
        original = OriginalMailsync.require();
        dir = original.newScenarioDir();
        user = DOVECOT.newUser();
        Files.createDirectories(dir.resolve("Mail"));
        Files.createFile(dir.resolve("msinfo")); // the original's users create it for its first run
        String rel = original.home().relativize(dir).toString();
        String server = "{127.0.0.1:" + DOVECOT.port() + "/user=" + user + "/notls}";
        Files.writeString(dir.resolve("cfg"), "store local { pat " + rel + "/Mail/% prefix " + rel + "/Mail/ }\n"
                + "store remote {\n  server " + server + "\n  ref " + server + "\n  pat %\n  passwd " + DOVECOT.password()
                + "\n}\n"
                + "channel c local remote { msinfo " + rel + "/msinfo }\n");
    }

    @AfterEach
    void cleanUp() throws Exception {
        OriginalMailsync.delete(dir);
    }

    @Test
    void oursCreatesMboxFilesThatTheOriginalSyncsWithoutChanges() throws Exception {
        remote("INBOX", "s1", "s2");
        remote("lists", "l1");
        Map<String, List<String>> expected = Map.of("INBOX", List.of("s1", "s2"), "lists", List.of("l1"));

        CliRun ours = CliRun.run(original.home(), "-f", dir.resolve("cfg").toString(), "c");

        assertThat(ours.exitCode()).as(ours.toString()).isZero();
        try (Stream<Path> entries = Files.list(dir.resolve("Mail"))) {
            assertThat(entries.toList()).as("new folders are mbox files, as the original creates them")
                    .isNotEmpty().allSatisfy(f -> assertThat(f).isRegularFile().content(StandardCharsets.ISO_8859_1)
                            .startsWith("From "));
        }
        assertThat(TwinScenario.ids(dir, "Mail")).isEqualTo(expected);

        for (int run = 1; run <= 2; run++) {
            OriginalMailsync.Result theirs = original.run(dir, "-f", original.home().relativize(dir.resolve("cfg")).toString(), "c");

            assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
            assertThat(theirs.out()).as(theirs.toString()).doesNotContain("copied", "deleted", "Expunged");
            assertThat(TwinScenario.ids(dir, "Mail")).as("run %d of the original: the mbox files hold the same mail", run)
                    .isEqualTo(expected);
            assertThat(serverIds()).as("run %d of the original: the server holds the same mail", run).isEqualTo(expected);
            assertThat(TwinScenario.theirRecord(dir, "c")).as("the original read every message of our mbox files")
                    .isEqualTo(Map.of("INBOX", List.of("<s1@example.org>", "<s2@example.org>"), "lists",
                            List.of("<l1@example.org>")));
        }

        CliRun again = CliRun.run(original.home(), "-f", dir.resolve("cfg").toString(), "c");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).as("and back to ours: still nothing to do").doesNotContain("copied", "deleted", "created");
    }

    /** Appends messages to a folder of the user's server, creating it if needed. */
    private void remote(String folder, String... ids) throws Exception {
        try (ImapStore s = DOVECOT.store(user, "/notls", "check")) {
            if (!s.exists(folder)) {
                s.createFolder(folder);
            }
            for (String id : ids) {
                s.append(folder, new ByteArrayInputStream(MailTree.message(id, "subject " + id).getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }
        }
    }

    /** Server folder → sorted ids of its messages. */
    private Map<String, List<String>> serverIds() throws Exception {
        Map<String, List<String>> ids = new TreeMap<>();
        try (ImapStore s = DOVECOT.store(user, "/notls", "check")) {
            for (FolderInfo f : s.listFolders("*")) {
                List<String> folder = new ArrayList<>();
                if (f.selectable()) {
                    for (MessageMeta m : s.index(f.name())) {
                        Matcher matcher = MESSAGE_ID.matcher(new String(m.header(), StandardCharsets.ISO_8859_1));
                        folder.add(matcher.find() ? matcher.group(1) : "(no id)");
                    }
                }
                folder.sort(null);
                ids.put(f.name(), folder);
            }
        }
        return ids;
    }
}
