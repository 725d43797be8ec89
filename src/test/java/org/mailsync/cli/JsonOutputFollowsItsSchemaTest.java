package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} on every command (sync, diff, list, check, undo) prints exactly one document on
 * standard output that the shipped schema ({@code schema/mailsync-report-1.schema.json}) accepts,
 * and its counts are those of the text output of the same run on an identical copy of the
 * stores. Failures before a run (an unknown name, a refused command line) are documents too.
 */
class JsonOutputFollowsItsSchemaTest {

    @TempDir
    Path home;

    @TempDir
    Path twin;

    @BeforeEach
    void stores() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        MailTree.maildir(home.resolve("Mail/INBOX"), "m1", "m2", "m3", "m4");
        MailTree.maildir(home.resolve("Mail/work"), "w1", "w2");
        MailTree.mbox(home.resolve("Archive/INBOX"), "a1");
        MailTree.mbox(home.resolve("Archive/old"), "o1", "o2", "o3");
    }

    /** The same command line on the twin with {@code --json} and on home without. */
    private record Pair(CliRun text, CliRun json, JsonNode doc) {
    }

    private Pair both(String... args) throws Exception {
        JsonDocument.copyTree(home, twin);
        CliRun text = CliRun.run(home, args);
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add(0, "--json");
        if (args.length > 0 && (args[0].equals("check") || args[0].equals("undo") || args[0].equals("migrate"))) {
            withJson.remove(0);
            withJson.add(1, "--json"); // after the command's word
        }
        CliRun json = CliRun.run(twin, withJson.toArray(String[]::new));
        JsonNode doc = JsonDocument.of(json.out());
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(text.exitCode());
        assertThat(doc.get("exitCode").asInt()).isEqualTo(json.exitCode());
        assertThat(doc.get("schema").asText()).isEqualTo("mailsync-report/1");
        return new Pair(text, json, doc);
    }

    @Test
    void syncCountsAreThoseOfTheTextOutput() throws Exception {
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteLocally("m1");
        MailTree.maildir(home.resolve("Mail/INBOX"), "m5", "m6");

        Pair run = both("backup");

        Map<String, Map<String, Integer>> blocks = syncBlocks(run.text().out());
        assertThat(blocks).containsOnlyKeys("INBOX", "old", "work");
        int copied = 0;
        int deleted = 0;
        for (JsonNode folder : run.doc().get("folders")) {
            Map<String, Integer> counts = blocks.get(folder.get("boxname").asText());
            assertThat(folder.get("copiedAToB").asInt()).isEqualTo(counts.getOrDefault("copied laptop->archive", 0));
            assertThat(folder.get("copiedBToA").asInt()).isEqualTo(counts.getOrDefault("copied archive->laptop", 0));
            assertThat(folder.get("deletedOnA").asInt()).isEqualTo(counts.getOrDefault("deleted on laptop", 0));
            assertThat(folder.get("deletedOnB").asInt()).isEqualTo(counts.getOrDefault("deleted on archive", 0));
            assertThat(folder.get("messages").asInt()).isEqualTo(counts.get("remain"));
            copied += folder.get("copiedAToB").asInt() + folder.get("copiedBToA").asInt();
            deleted += folder.get("deletedOnA").asInt() + folder.get("deletedOnB").asInt();
        }
        assertThat(blocks.get("INBOX")).containsEntry("copied laptop->archive", 2).containsEntry("deleted on archive", 1);
        assertThat(run.doc().get("copied").asInt()).isEqualTo(copied).isEqualTo(2);
        assertThat(run.doc().get("deleted").asInt()).isEqualTo(deleted).isEqualTo(1);
        assertThat(run.doc().get("status").asText()).isEqualTo("ok");
        // every action names its folder, identity and side
        JsonNode copy = first(run.doc().get("actions"), "COPY");
        assertThat(copy.get("boxname").asText()).isEqualTo("INBOX");
        assertThat(copy.get("side").asText()).isEqualTo("A");
        assertThat(copy.get("store").asText()).isEqualTo("laptop");
        assertThat(copy.get("identity").asText()).contains("m5");
        assertThat(first(run.doc().get("actions"), "DELETE").get("side").asText()).isEqualTo("B");
        // the text output is the one without --json, untouched
        assertThat(run.text().out()).startsWith("Synchronizing stores \"laptop\" <-> \"archive\"...");
    }

    @Test
    void aFirstSyncCreatingFoldersCountsAsTheTextSays() throws Exception {
        Pair run = both("backup");

        Map<String, Map<String, Integer>> blocks = syncBlocks(run.text().out());
        for (JsonNode folder : run.doc().get("folders")) {
            Map<String, Integer> counts = blocks.get(folder.get("boxname").asText());
            assertThat(folder.get("copiedAToB").asInt()).isEqualTo(counts.getOrDefault("copied laptop->archive", 0));
            assertThat(folder.get("copiedBToA").asInt()).isEqualTo(counts.getOrDefault("copied archive->laptop", 0));
            assertThat(folder.get("messages").asInt()).isEqualTo(counts.get("remain"));
        }
        assertThat(run.doc().get("copied").asInt()).isEqualTo(4 + 2 + 1 + 3);
        assertThat(run.doc().get("actions").findValuesAsText("action")).contains("CREATE_FOLDER");
    }

    @Test
    void warningsCarryTheirCodes() throws Exception {
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteTree(home.resolve("Mail/work"));

        Pair run = both("backup");

        assertThat(run.json().exitCode()).isEqualTo(2);
        assertThat(run.doc().get("status").asText()).isEqualTo("incomplete");
        JsonNode issue = run.doc().get("issues").get(0);
        assertThat(issue.get("code").asText()).isEqualTo("FOLDER_VANISHED");
        assertThat(issue.get("severity").asText()).isEqualTo("warning");
        assertThat(issue.get("boxname").asText()).isEqualTo("work");
        assertThat(run.doc().get("warnings").get(0).asText()).isEqualTo(issue.get("message").asText());
        assertThat(run.text().err()).contains("Warning: " + issue.get("message").asText());
        // standard error keeps its lines under --json: only standard output is the document's
        assertThat(run.json().err()).isEqualTo(run.text().err());
    }

    @Test
    void deletionsHeldBackAreAWarningWithItsCodeAndCount() throws Exception {
        String[] many = new String[30];
        for (int i = 0; i < many.length; i++) {
            many[i] = "h" + i;
        }
        MailTree.maildir(home.resolve("Mail/held"), many);
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        try (Stream<Path> files = Files.list(home.resolve("Mail/held/cur"))) {
            for (Path f : files.limit(25).toList()) {
                Files.delete(f);
            }
        }

        Pair run = both("backup");

        assertThat(run.json().exitCode()).isEqualTo(2);
        JsonNode issue = run.doc().get("issues").get(0);
        assertThat(issue.get("code").asText()).isEqualTo("DELETIONS_HELD");
        assertThat(issue.get("boxname").asText()).isEqualTo("held");
        Map<String, Integer> held = syncBlocks(run.text().out()).get("held");
        for (JsonNode folder : run.doc().get("folders")) {
            if (folder.get("boxname").asText().equals("held")) {
                assertThat(folder.get("heldBack").asInt()).isEqualTo(held.get("to delete on archive held back (maxdelete)"))
                        .isEqualTo(25);
                assertThat(folder.get("deletedOnB").asInt()).isZero();
            }
        }
    }

    @Test
    void diffCountsAreThoseOfTheTextOutput() throws Exception {
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteLocally("m1", "m2");
        MailTree.maildir(home.resolve("Mail/INBOX"), "m7");

        Pair run = both("backup", "laptop");

        Pattern line = Pattern.compile("(?m)^(\\S+): (?:(\\d+) duplicates?, )?(?:(\\d+) new, )?(?:(\\d+) deleted, )?"
                + "(\\d+) currently at store laptop\\.$");
        Map<String, int[]> text = new LinkedHashMap<>();
        Matcher m = line.matcher(run.text().out());
        while (m.find()) {
            text.put(m.group(1), new int[] {n(m.group(2)), n(m.group(3)), n(m.group(4)), n(m.group(5))});
        }
        assertThat(text).containsKeys("INBOX", "work");
        assertThat(run.doc().get("folders")).hasSize(text.size());
        for (JsonNode folder : run.doc().get("folders")) {
            int[] counts = text.get(folder.get("boxname").asText());
            assertThat(new int[] {folder.get("duplicates").asInt(), folder.get("added").asInt(), folder.get("deleted").asInt(),
                    folder.get("messages").asInt()}).isEqualTo(counts);
        }
        assertThat(text.get("INBOX")).isEqualTo(new int[] {0, 1, 2, 4}); // m3 m4 a1 m7
        assertThat(run.doc().get("operation").asText()).isEqualTo("diff");
    }

    @Test
    void listCountsAreThoseOfTheTextOutput() throws Exception {
        Pair run = both("-m", "archive");

        // -m: a "Mailbox: NAME" line, then a line per message
        Map<String, Integer> text = new LinkedHashMap<>();
        String box = null;
        for (String l : run.text().out().split("\n")) {
            if (l.startsWith("Mailbox: ")) {
                box = l.substring("Mailbox: ".length());
                text.put(box, 0);
            } else if (box != null && !l.isBlank()) {
                text.merge(box, 1, Integer::sum);
            }
        }
        assertThat(text).containsEntry("INBOX", 1).containsEntry("old", 3);
        Map<String, Integer> json = new LinkedHashMap<>();
        run.doc().get("folders").forEach(f -> json.put(f.get("boxname").asText(), f.get("messages").asInt()));
        assertThat(json).isEqualTo(text);
        assertThat(run.doc().get("operation").asText()).isEqualTo("list");
        assertThat(run.doc().get("channel").isNull()).isTrue();
    }

    @Test
    void checkFindingsAreThoseOfTheTextOutput() throws Exception {
        Path cur = home.resolve("Mail/INBOX/cur");
        String twinMessage = MailTree.message("d1", "twin");
        Files.writeString(cur.resolve("1600000101.M1P1.host:2,S"), twinMessage);
        Files.writeString(cur.resolve("1600000102.M1P1.host:2,FS"), twinMessage);
        Files.writeString(cur.resolve("1600000103.M1P1.host:2,SX"), MailTree.message("x1", "bad suffix"));

        Pair run = both("check", "laptop");

        assertThat(run.json().exitCode()).isEqualTo(2);
        List<String> problemLines = run.text().out().lines().filter(l -> l.startsWith("  problem ")).toList();
        List<String> noteLines = run.text().out().lines().filter(l -> l.startsWith("  note ")).toList();
        List<JsonNode> findings = new ArrayList<>();
        run.doc().get("findings").forEach(findings::add);
        assertThat(findings.stream().filter(f -> f.get("severity").asText().equals("problem"))).hasSize(problemLines.size());
        assertThat(findings.stream().filter(f -> f.get("severity").asText().equals("note"))).hasSize(noteLines.size());
        assertThat(problemLines).isNotEmpty();
        // each finding is its line: "  problem   FOLDER PLACE: TEXT"
        for (JsonNode f : findings) {
            String said = f.get("folder").asText() + (f.get("place").isNull() ? "" : " " + f.get("place").asText()) + ": "
                    + f.get("text").asText();
            assertThat(run.text().out()).contains(said);
        }
        // folders: "INBOX: 7 messages, ..."
        for (JsonNode folder : run.doc().get("folders")) {
            assertThat(run.text().out()).containsPattern("(?m)^" + Pattern.quote(folder.get("boxname").asText()) + ": "
                    + folder.get("messages").asInt() + " messages?");
        }
        assertThat(run.doc().get("operation").asText()).isEqualTo("check");
    }

    @Test
    void undoCountsAreThoseOfTheTextOutput() throws Exception {
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        deleteLocally("m1", "m2");
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();

        Pair listing = both("undo", "-s", "backup");
        assertThat(listing.text().out()).contains("INBOX: 2 to restore on archive.");
        assertThat(listing.doc().get("folders").get(0).get("restored").asInt()).isEqualTo(2);
        assertThat(listing.doc().get("simulated").asBoolean()).isTrue();

        deleteTree(twin);
        Files.createDirectories(twin);
        Pair run = both("undo", "backup");

        Matcher m = Pattern.compile("(?m)^(\\S+): (\\d+) restored on (\\S+)\\.$").matcher(run.text().out());
        assertThat(m.find()).as(run.text().out()).isTrue();
        JsonNode folder = run.doc().get("folders").get(0);
        assertThat(folder.get("boxname").asText()).isEqualTo(m.group(1));
        assertThat(folder.get("restored").asInt()).isEqualTo(Integer.parseInt(m.group(2))).isEqualTo(2);
        assertThat(run.doc().get("actions")).hasSize(2);
        JsonNode restore = run.doc().get("actions").get(0);
        assertThat(restore.get("action").asText()).isEqualTo("RESTORE");
        assertThat(restore.get("store").asText()).isEqualTo(m.group(3));
        assertThat(restore.get("side").asText()).isEqualTo("B");
        assertThat(run.doc().get("operation").asText()).isEqualTo("undo");
    }

    @Test
    void migrateCountsAreThoseOfTheTextOutput() throws Exception {
        Pair run = both("migrate", "archive", "maildir:~/Copy");

        assertThat(run.text().exitCode()).as(run.text().toString()).isZero();
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("Migrated 2 folders: (\\d+) messages copied")
                .matcher(run.text().out());
        assertThat(total.find()).as(run.text().out()).isTrue();
        assertThat(run.doc().get("operation").asText()).isEqualTo("migrate");
        assertThat(run.doc().get("copied").asInt()).isEqualTo(Integer.parseInt(total.group(1))).isEqualTo(4);
        assertThat(run.json().out().trim().lines()).as("nothing but the document on stdout").hasSize(1);
    }

    @Test
    void anUnknownNameIsADocumentOfAConfigError() {
        CliRun run = CliRun.run(home, "--json", "nosuch");

        JsonNode doc = JsonDocument.of(run.out());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(doc.get("status").asText()).isEqualTo("error");
        assertThat(doc.get("issues").get(0).get("code").asText()).isEqualTo("CONFIG");
        assertThat(run.err()).contains("Error: " + doc.get("errors").get(0).asText());
    }

    @Test
    void aBrokenConfigIsADocumentOfAConfigErrorForEveryCommand() throws Exception {
        Files.writeString(home.resolve(".mailsync"), "store laptop { pat\n");
        for (String[] args : List.of(new String[] {"--json", "backup"}, new String[] {"check", "--json", "laptop"},
                new String[] {"undo", "--json", "backup"})) {
            CliRun run = CliRun.run(home, args);
            JsonNode doc = JsonDocument.of(run.out());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(doc.get("issues").get(0).get("code").asText()).as(run.toString()).isEqualTo("CONFIG");
        }
    }

    @Test
    void aRefusedCommandLineIsADocumentOfAUsageError() {
        CliRun run = CliRun.run(home, "--json", "--no-such-option", "backup");

        JsonNode doc = JsonDocument.of(run.out());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(doc.get("issues").get(0).get("code").asText()).isEqualTo("USAGE");
        assertThat(doc.get("operation").isNull()).isTrue();
    }

    @Test
    void theSchemaRejectsWhatItDoesNotDescribe() throws Exception {
        CliRun run = CliRun.run(home, "--json", "backup");
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                JsonDocument.of(run.out());

        assertThat(JsonDocument.violations(doc.deepCopy().put("exitCode", 2))).as("status ok, exit 2").isNotEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode withoutFolders = doc.deepCopy();
        withoutFolders.remove("folders");
        assertThat(JsonDocument.violations(withoutFolders)).as("no folders").isNotEmpty();
        assertThat(JsonDocument.violations(doc.deepCopy().put("schema", "mailsync-report/2"))).as("schema 2").isNotEmpty();
        assertThat(JsonDocument.violations(doc.deepCopy().put("somethingNew", true))).as("an addition").isEmpty();
    }

    private static JsonNode first(JsonNode actions, String type) {
        for (JsonNode a : actions) {
            if (a.get("action").asText().equals(type)) {
                return a;
            }
        }
        throw new AssertionError("no " + type + " action in " + actions);
    }

    /**
     * The blocks of a sync's summary output: {@code BOX: }, a line per count
     * ({@code 2 copied laptop->archive.}), {@code N remain.}; by boxname, each count by its words.
     */
    static Map<String, Map<String, Integer>> syncBlocks(String out) {
        Map<String, Map<String, Integer>> blocks = new LinkedHashMap<>();
        Map<String, Integer> block = null;
        Pattern count = Pattern.compile("^(\\d+) (.*?)\\.$");
        for (String l : out.split("\n")) {
            if (l.endsWith(": ") && !l.startsWith(" ")) {
                block = new LinkedHashMap<>();
                blocks.put(l.substring(0, l.length() - 2), block);
            } else if (block != null) {
                Matcher m = count.matcher(l);
                if (m.matches()) {
                    block.put(m.group(2).equals("remain") || m.group(2).equals("remains") ? "remain" : m.group(2),
                            Integer.parseInt(m.group(1)));
                }
            }
        }
        return blocks;
    }

    private static int n(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    /** Removes the Maildir INBOX files of these messages, as a mail program deleting them would. */
    private void deleteLocally(String... ids) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("Mail/INBOX/cur"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (Stream.of(ids).anyMatch(id -> text.contains("<" + id + "@"))) {
                    Files.delete(f);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
