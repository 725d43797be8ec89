package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.compat.OriginalMailsync;
import org.mailsync.msinfo.LegacyChannelRecord;
import org.mailsync.msinfo.LegacyMsinfoReader;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * Differential tests against a Dovecot account: the original mailsync 5.2.7 and ours each sync a
 * local mbox store with their own fresh Dovecot user, both starting from identical mail. After
 * every run of the same sequence (initial sync, new mail on both sides, deletions on either side,
 * a no-op resync) the Message-IDs per folder on the local store, on the server and in the sync
 * record (ours: SQLite via {@link MsinfoRepository}; the original's: its mbox msinfo via
 * {@link LegacyMsinfoReader}) must be equal; list and diff mode on the IMAP store print the same.
 * Where we differ on purpose the assertion names the SEMANTICS.md row or docs/compat.md entry.
 * The server is inspected with an {@link ImapStore} of the test's own, never through a run.
 * Skipped with the reason without the original or Dovecot, unless {@code MAILSYNC_REQUIRE_ORIGINAL=1}
 * or {@code MAILSYNC_REQUIRE_DOVECOT=1}.
 */
class OriginalImapParityIT {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");
    private static final String COPIED = "\\d+ copied .*";

    /** Started once the original is known to be there. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared().startedOnFirstUse();

    private OriginalMailsync original;
    private Account orig;
    private Account ours;

    /** One program's side of the scenario: its own tree (local store, config, msinfo) and Dovecot user. */
    private final class Account {
        final Path dir;
        final String user;

        Account(Path dir, String user) throws IOException {
            this.dir = dir;
            this.user = user;
            Files.createDirectories(dir.resolve("L"));
            String rel = original.home().relativize(dir).toString();
            Files.writeString(dir.resolve("cfg"), "store local { pat " + rel + "/L/% prefix " + rel + "/L/ }\n"
                    + "store remote {\n"
                    + "  server {127.0.0.1:" + DOVECOT.port() + "/user=" + user + "/notls}\n"
                    + "  ref {127.0.0.1:" + DOVECOT.port() + "/user=" + user + "/notls}\n"
                    + "  pat %\n"
                    + "  passwd " + DOVECOT.password() + "\n"
                    + "}\n"
                    + "channel c local remote { msinfo " + rel + "/msinfo }\n");
        }

        String cfg() {
            return original.home().relativize(dir).resolve("cfg").toString();
        }

        ImapStore server() {
            return DOVECOT.store(user, "/notls", "check");
        }
    }

    @BeforeAll
    static void requireTheOriginalThenDovecot() throws Exception {
        OriginalMailsync.require();
        DOVECOT.server();
    }

    @BeforeEach
    void accounts() throws Exception {
        original = OriginalMailsync.require();
        orig = new Account(original.newScenarioDir(), DOVECOT.newUser());
        ours = new Account(original.newScenarioDir(), DOVECOT.newUser());
        Files.createFile(orig.dir.resolve("msinfo")); // the original needs it to exist
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (orig != null) {
            OriginalMailsync.delete(orig.dir);
        }
        if (ours != null) {
            OriginalMailsync.delete(ours.dir);
        }
    }

    // ------------------------------------------------------------------ the scenario's mail

    /** Appends mbox messages with these ids to the local folder of both trees. */
    private void local(String box, String... ids) throws IOException {
        for (Account a : List.of(orig, ours)) {
            Path file = a.dir.resolve("L").resolve(box);
            StringBuilder text = new StringBuilder(Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "");
            for (String id : ids) {
                text.append(TwinScenario.message(id, "subject " + id, ""));
            }
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        }
    }

    /** Appends unread messages (no \Seen) to the folder on both users' servers, creating it if needed. */
    private void remote(String folder, String... ids) throws Exception {
        for (Account a : List.of(orig, ours)) {
            try (ImapStore s = a.server()) {
                if (!s.exists(folder)) {
                    s.createFolder(folder);
                }
                for (String id : ids) {
                    s.append(folder, new ByteArrayInputStream(MailTree.message(id, "subject " + id).getBytes(StandardCharsets.ISO_8859_1)),
                            Set.of(), null);
                }
            }
        }
    }

    private void removeRemote(String folder, String id) throws Exception {
        for (Account a : List.of(orig, ours)) {
            try (ImapStore s = a.server()) {
                for (MessageMeta m : s.index(folder)) {
                    if (idOf(m).equals(id)) {
                        s.delete(folder, List.of(m.key()));
                    }
                }
            }
        }
    }

    private void removeLocal(String box, String id) throws IOException {
        TwinScenario.removeIn(orig.dir, "L", box, id);
        TwinScenario.removeIn(ours.dir, "L", box, id);
    }

    private static String idOf(MessageMeta m) {
        Matcher matcher = MESSAGE_ID.matcher(new String(m.header(), StandardCharsets.ISO_8859_1));
        return matcher.find() ? matcher.group(1) : "(no id)";
    }

    // ------------------------------------------------------------------ state of both stores and the record

    /** Local folder → sorted ids; a local {@code inbox} is called INBOX (docs/compat.md "inbox"). */
    private static Map<String, List<String>> localIds(Account a) throws IOException {
        Map<String, List<String>> ids = new TreeMap<>();
        TwinScenario.ids(a.dir, "L").forEach((box, list) -> ids.put(box, list));
        return ids;
    }

    /** Server folder → sorted ids. */
    private static Map<String, List<String>> serverIds(Account a) throws Exception {
        Map<String, List<String>> ids = new TreeMap<>();
        for (Map.Entry<String, Set<Flag>> e : serverFlags(a).entrySet()) {
            String[] folderAndId = e.getKey().split("/", 2);
            ids.computeIfAbsent(folderAndId[0], f -> new ArrayList<>()).add(folderAndId[1]);
        }
        try (ImapStore s = a.server()) {
            for (FolderInfo f : s.listFolders("*")) {
                ids.computeIfAbsent(f.name(), n -> new ArrayList<>());
            }
        }
        ids.values().forEach(l -> l.sort(null));
        return ids;
    }

    /** {@code folder/id} → flags of every message on the user's server. */
    private static Map<String, Set<Flag>> serverFlags(Account a) throws Exception {
        Map<String, Set<Flag>> flags = new TreeMap<>();
        try (ImapStore s = a.server()) {
            for (FolderInfo f : s.listFolders("*")) {
                if (f.selectable()) {
                    for (MessageMeta m : s.index(f.name())) {
                        flags.put(f.name() + "/" + idOf(m), m.flags());
                    }
                }
            }
        }
        return flags;
    }

    /** The original's msinfo record of channel c: boxname (inbox as INBOX) → ids. */
    private static Map<String, Set<String>> theirRecord(Account a, String channel) throws IOException {
        Map<String, Set<String>> record = new TreeMap<>();
        LegacyChannelRecord r = LegacyMsinfoReader.read(a.dir.resolve("msinfo"), channel).orElse(null);
        if (r != null) {
            r.folders().forEach((box, ids) -> record.put(box.equalsIgnoreCase("INBOX") ? "INBOX" : box, new TreeSet<>(ids)));
        }
        return record;
    }

    /** Our msinfo record of channel c: boxname → ids. */
    private static Map<String, Set<String>> ourRecord(Account a, String channel) throws Exception {
        Map<String, Set<String>> record = new TreeMap<>();
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(a.dir.resolve("msinfo"))) {
            for (String box : repo.boxnames(channel)) {
                record.put(box, new TreeSet<>(repo.load(channel, box)));
            }
        }
        return record;
    }

    private void assertSameState(String step) throws Exception {
        assertThat(localIds(ours)).as(step + ": local store, ours vs the original").isEqualTo(localIds(orig));
        // Our deletions went to the server's Trash (docs/compat.md "Deletions go to a trash"), the
        // original's are gone: the trash is left out of the comparison, and checked on its own.
        assertThat(withoutTrash(serverIds(ours))).as(step + ": server, ours vs the original").isEqualTo(serverIds(orig));
        assertThat(ourRecord(ours, "c")).as(step + ": sync record, ours vs the original").isEqualTo(theirRecord(orig, "c"));
        assertThat(serverFlags(ours).entrySet()).as(step + ": no message gains \\Seen on the server in our run")
                .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).doesNotContain(Flag.SEEN));
        assertThat(withoutTrash(serverFlags(ours))).as(step + ": flags on the server, ours vs the original (which sets no"
                + " \\Seen either)").isEqualTo(serverFlags(orig));
    }

    /** The server's folders but our trash (keys {@code Trash} and {@code Trash/...}). */
    private static <V> Map<String, V> withoutTrash(Map<String, V> byFolder) {
        Map<String, V> out = new TreeMap<>(byFolder);
        out.keySet().removeIf(k -> k.equals("Trash") || k.startsWith("Trash/"));
        return out;
    }

    private OriginalMailsync.Result runOriginal(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-f", orig.cfg()));
        all.addAll(List.of(args));
        OriginalMailsync.Result r = original.run(orig.dir, all.toArray(String[]::new));
        System.out.println("ORIGINAL " + String.join(" ", args) + "\n" + r);
        return r;
    }

    private CliRun runOurs(String... args) {
        List<String> all = new ArrayList<>(List.of("-f", ours.dir.resolve("cfg").toString()));
        all.addAll(List.of(args));
        CliRun r = CliRun.run(original.home(), all.toArray(String[]::new));
        System.out.println("OURS " + String.join(" ", args) + "\n" + r);
        return r;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void initialSyncNewMailDeletionsAndNoOpResync() throws Exception {
        local("INBOX", "a1", "a2", "same");
        local("work", "w1", "w2");
        remote("INBOX", "s1", "same");
        remote("lists", "l1");

        OriginalMailsync.Result theirs = runOriginal("c");
        CliRun mine = runOurs("c");
        assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        assertSameState("initial sync");
        assertThat(serverIds(ours)).containsEntry("INBOX", List.of("a1", "a2", "s1", "same"))
                .containsEntry("work", List.of("w1", "w2")).containsEntry("lists", List.of("l1"));
        assertThat(TwinScenario.lines(TwinScenario.summary(mine.out()), COPIED))
                .isEqualTo(TwinScenario.lines(TwinScenario.summary(theirs.out()), COPIED));

        local("INBOX", "a3");
        local("work", "w3");
        remote("INBOX", "s2");
        remote("lists", "l2");
        theirs = runOriginal("c");
        mine = runOurs("c");
        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        assertSameState("new mail on both sides");
        assertThat(localIds(ours)).containsEntry("INBOX", List.of("a1", "a2", "a3", "s1", "s2", "same"))
                .containsEntry("lists", List.of("l1", "l2"));

        removeLocal("INBOX", "a1");
        removeLocal("lists", "l1");
        removeRemote("INBOX", "s1");
        removeRemote("work", "w1");
        theirs = runOriginal("c");
        mine = runOurs("c");
        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        assertSameState("deletions on either side");
        assertThat(serverIds(ours)).as("what we deleted on the server is in its trash").containsEntry("Trash", List.of("a1", "l1"));
        assertThat(serverIds(ours)).containsEntry("INBOX", List.of("a2", "a3", "s2", "same"))
                .containsEntry("work", List.of("w2", "w3")).containsEntry("lists", List.of("l2"));

        theirs = runOriginal("c");
        mine = runOurs("c");
        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        assertSameState("no-op resync");
        assertThat(mine.out()).doesNotContain("copied", "deleted");
        assertThat(theirs.out()).doesNotContain("copied");

        // Mail copied from the server is stored with Unix line ends, as c-client stores it.
        assertThat(Files.readString(ours.dir.resolve("L/lists"), StandardCharsets.ISO_8859_1))
                .as("our mbox, after copies from the server").contains("Message-ID: <l2@example.org>\n").doesNotContain("\r");
        assertThat(Files.readString(orig.dir.resolve("L/lists"), StandardCharsets.ISO_8859_1))
                .as("c-client writes LF").doesNotContain("\r");
    }

    @Test
    void lowerCaseLocalInboxPairsWithTheServersInboxOnlyInOurs() throws Exception {
        local("inbox", "a1", "same");
        remote("INBOX", "s1", "same");

        assertThat(runOriginal("c").exitCode()).isZero();
        CliRun mine = runOurs("c");

        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        assertThat(localIds(orig)).as("the original leaves the local inbox out and creates a local INBOX beside it")
                .containsEntry("inbox", List.of("a1", "same")).containsEntry("INBOX", List.of("s1", "same"));
        assertThat(serverIds(orig)).containsEntry("INBOX", List.of("s1", "same"));
        assertThat(localIds(ours)).as("docs/compat.md 'inbox': a local inbox is INBOX").isEqualTo(Map.of("inbox", List.of("a1", "s1", "same")));
        assertThat(serverIds(ours)).containsEntry("INBOX", List.of("a1", "s1", "same"));
    }

    @Test
    void listModeOnTheImapStore() throws Exception {
        remote("INBOX", "s1", "s2");
        remote("lists", "l1");
        for (String[] args : List.of(new String[] {"remote"}, new String[] {"-m", "remote"}, new String[] {"-M", "remote"})) {
            OriginalMailsync.Result theirs = runOriginal(args);
            CliRun mine = runOurs(args);

            assertThat(mine.exitCode()).as(mine.toString()).isZero();
            assertThat(theirs.out()).containsPattern("\nAuthorizing against \\{[^}]*/imap\\}\n");
            // docs/compat.md 'list mode on a server': same folders, same lines, but c-client's
            // "Authorizing against" chatter is not ours and folders come in the server's order
            assertThat(blocks(mine.out())).as(String.join(" ", args)).isEqualTo(blocks(theirs.out().replaceAll("Authorizing against .*\n", "")));
        }
    }

    /** List-mode output as a sorted list of its folder blocks (each with its message lines), blank lines dropped. */
    private static List<String> blocks(String out) {
        List<String> blocks = new ArrayList<>();
        for (String block : out.split(out.contains("\nMailbox: ") ? "\n\n" : "\n")) {
            if (!block.isBlank()) {
                blocks.add(block.strip());
            }
        }
        blocks.sort(null);
        return blocks;
    }

    @Test
    void diffModeOnTheImapStore() throws Exception {
        local("INBOX", "a1", "k1", "k2");
        remote("INBOX", "k1", "k2");
        remote("lists", "l1");
        assertThat(runOriginal("c").exitCode()).isZero();
        assertThat(runOurs("c").exitCode()).isZero();
        removeRemote("INBOX", "k1");
        remote("INBOX", "n1", "n2");

        OriginalMailsync.Result theirs = runOriginal("c", "remote");
        CliRun mine = runOurs("c", "remote");

        assertThat(mine.exitCode()).as(mine.toString()).isZero();
        assertThat(folderLines(mine.out())).isEqualTo(folderLines(theirs.out()));
        assertThat(folderLines(mine.out())).contains("INBOX: 2 new, 1 deleted, 4 currently at store remote.");
    }

    private static List<String> folderLines(String out) {
        return out.lines().filter(l -> l.matches("^\\S.*: .*currently at store .*")).toList();
    }
}
