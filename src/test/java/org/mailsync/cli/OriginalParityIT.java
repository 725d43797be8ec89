package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.TwinScenario.ids;
import static org.mailsync.cli.TwinScenario.lines;
import static org.mailsync.cli.TwinScenario.summary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailsync.compat.OriginalMailsync;

/**
 * Differential tests: the original mailsync 5.2.7 and ours run on identical copies of one
 * scenario; the final Message-IDs per folder on both stores and the printed counts must agree,
 * except where SEMANTICS.md says we deliberately differ: there we assert our behaviour and name
 * the row. Skipped (with the reason) without {@code /usr/bin/mailsync} unless
 * {@code MAILSYNC_REQUIRE_ORIGINAL=1}.
 */
class OriginalParityIT {

    private static final String COPIED = "\\d+ copied .*";

    @Test
    void newOnEitherSideSameNewOnBothAndSeveralFolders() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "a1", "a2", "same");
            s.folder("B", "inbox", "b1", "same");
            s.folder("A", "work", "w1", "w2");
            s.folder("B", "lists", "l1");

            OriginalMailsync.Result theirs = s.runOriginal(s.orig);
            CliRun ours = s.runOurs(s.ours);

            assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertSameMail(s);
            assertThat(ids(s.ours, "A").get("inbox")).containsExactly("a1", "a2", "b1", "same");
            assertThat(lines(summary(ours.out()), COPIED)).as(ours.out()).isEqualTo(lines(summary(theirs.out()), COPIED));
            assertThat(lines(summary(ours.out()), "\\d+ remains?\\.")).isEqualTo(lines(summary(theirs.out()), "\\d+ remains?\\."));
        }
    }

    @Test
    void deletionsOnEitherSideAndOnBoth() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1", "da", "db", "both");
            s.folder("B", "inbox", "k1", "da", "db", "both");
            s.folder("A", "work", "w1", "w2");
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            assertThat(s.runOurs(s.ours).exitCode()).isZero();
            s.remove("A", "inbox", "da", "both");
            s.remove("B", "inbox", "db", "both");
            s.remove("B", "work", "w2");

            OriginalMailsync.Result theirs = s.runOriginal(s.orig);
            CliRun ours = s.runOurs(s.ours);

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertSameMail(s);
            assertThat(ids(s.ours, "A")).containsEntry("inbox", List.of("k1")).containsEntry("work", List.of("w1"));
            assertThat(lines(summary(ours.out()), "\\d+ remains?\\.")).isEqualTo(lines(summary(theirs.out()), "\\d+ remains?\\."));
            assertThat(theirs.out()).as("SEMANTICS 'output' row: the original never prints 'N deleted on X.'")
                    .doesNotContain("deleted on");
            assertThat(summary(ours.out()).get("inbox")).as("SEMANTICS 'output' row: every count printed")
                    .contains("1 deleted on a.", "1 deleted on b.");
            assertThat(summary(ours.out()).get("work")).contains("1 deleted on a.");
        }
    }

    @Test
    void noDeleteKeepsDeletionsPendingWhereTheOriginalResurrects() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1", "gone");
            s.folder("B", "inbox", "k1", "gone");
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            assertThat(s.runOurs(s.ours).exitCode()).isZero();
            s.remove("B", "inbox", "gone");

            OriginalMailsync.Result theirsN = s.runOriginal(s.orig, "-n");
            CliRun oursN = s.runOurs(s.ours, "-n");

            assertThat(oursN.exitCode()).as(oursN.toString()).isZero();
            assertSameMail(s); // -n itself: nothing deleted on either side by either program
            assertThat(ids(s.ours, "A").get("inbox")).containsExactly("gone", "k1");

            OriginalMailsync.Result theirs = s.runOriginal(s.orig);
            CliRun ours = s.runOurs(s.ours);

            assertThat(theirs.exitCode()).isZero();
            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertThat(ids(s.orig, "B").get("inbox")).as("the original resurrects the mail deleted on B")
                    .containsExactly("gone", "k1");
            assertThat(ids(s.ours, "A").get("inbox")).as("SEMANTICS '-n' row: deletions stay pending, carried out later")
                    .containsExactly("k1");
            assertThat(ids(s.ours, "B").get("inbox")).as("SEMANTICS '-n' row: never resurrected").containsExactly("k1");
        }
    }

    @Test
    void sizeLimit() throws Exception {
        try (TwinScenario s = new TwinScenario("sizelimit 600")) {
            s.folder("A", "inbox", "small");
            s.append("A", "inbox", TwinScenario.message("big", "a big one", "x".repeat(1000) + "\n"));
            s.folder("B", "inbox", "b1");

            OriginalMailsync.Result theirs = s.runOriginal(s.orig);
            CliRun ours = s.runOurs(s.ours);

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertSameMail(s);
            assertThat(ids(s.ours, "B").get("inbox")).containsExactly("b1", "small");
            assertThat(lines(summary(ours.out()), COPIED)).isEqualTo(lines(summary(theirs.out()), COPIED));
            assertThat(summary(ours.out()).get("inbox")).contains("1 too big on a, not copied.");
        }
    }

    @Test
    void md5IdentityIncludingMessagesWithoutMessageId() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "a1");
            s.append("A", "inbox", TwinScenario.message(null, "no id one", ""));
            s.append("A", "inbox", TwinScenario.message(null, "no id two", ""));
            s.folder("B", "inbox", "b1");
            s.append("B", "inbox", TwinScenario.message(null, "no id three", ""));

            OriginalMailsync.Result theirs = s.runOriginal(s.orig, "-t", "md5");
            CliRun ours = s.runOurs(s.ours, "-t", "md5");

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertSameMail(s);
            assertThat(ids(s.ours, "A").get("inbox")).hasSize(5);
            assertThat(lines(summary(ours.out()), COPIED)).isEqualTo(lines(summary(theirs.out()), COPIED));

            s.remove("B", "inbox", "a1");
            assertThat(s.runOriginal(s.orig, "-t", "md5").exitCode()).isZero();
            assertThat(s.runOurs(s.ours, "-t", "md5").exitCode()).isZero();
            assertSameMail(s);
        }
    }

    @Test
    void switchingHalfWayFromTheOriginalToOurs() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1", "k2", "del-on-a");
            s.folder("B", "inbox", "k1", "k2", "del-on-b", "b1");
            s.folder("A", "work", "w1");
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            // after the original's sync, changes on both sides
            TwinScenario.removeIn(s.orig, "A", "inbox", "del-on-a");
            TwinScenario.removeIn(s.orig, "B", "inbox", "del-on-b");
            Files.writeString(s.orig.resolve("A/work"), TwinScenario.message("w-new", "new work", ""),
                    java.nio.file.StandardOpenOption.APPEND);
            Path switched = s.copyOf(s.orig);
            Path fresh = s.copyOf(s.orig);
            byte[] legacy = Files.readAllBytes(switched.resolve("msinfo"));

            CliRun ours = s.runOurs(switched);
            OriginalMailsync.Result theirs = s.runOriginal(fresh);

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertThat(ours.err()).contains("Imported 2 folders (6 messages) of channel \"c\" from the original mailsync's msinfo "
                    + switched.resolve("msinfo") + "; mailsync now keeps its state in " + switched.resolve("msinfo.db"));
            assertThat(Files.readAllBytes(switched.resolve("msinfo"))).as("legacy msinfo untouched").isEqualTo(legacy);
            assertThat(ids(switched, "A")).isEqualTo(ids(fresh, "A"));
            assertThat(ids(switched, "B")).isEqualTo(ids(fresh, "B"));
            assertThat(ids(switched, "A")).containsEntry("inbox", List.of("b1", "k1", "k2")).containsEntry("work", List.of("w-new", "w1"));
            assertThat(lines(summary(ours.out()), COPIED)).as("nothing re-copied").isEqualTo(Map.of("inbox", List.of(),
                    "work", List.of("1 copied a->b.")));
            assertThat(lines(summary(ours.out()), COPIED)).isEqualTo(lines(summary(theirs.out()), COPIED));

            CliRun again = s.runOurs(switched);
            assertThat(again.err()).doesNotContain("Imported");
            assertThat(again.out()).doesNotContain("copied", "deleted");
        }
    }

    @Test
    void explicitImportOfTheOriginalsMsinfo() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1", "k2");
            s.folder("B", "inbox", "k1", "k2");
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            TwinScenario.removeIn(s.orig, "B", "inbox", "k2");
            Path target = s.copyOf(s.orig);
            Path legacy = target.resolve("legacy-msinfo");
            Files.move(target.resolve("msinfo"), legacy);

            CliRun ours = s.runOurs(target, "--import-msinfo", legacy.toString());

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertThat(ours.err()).contains("Imported 1 folder (2 messages) of channel \"c\"");
            assertThat(ids(target, "A").get("inbox")).as("k2's deletion on B is known from the import").containsExactly("k1");
            assertThat(s.runOurs(target, "--import-msinfo", "{imap.example.org}msinfo").err()).contains("not supported yet");
        }
    }

    @Test
    void messagesWithoutMessageIdInMsgidMode() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "a1");
            s.append("A", "inbox", TwinScenario.message(null, "no id one", ""));
            s.append("A", "inbox", TwinScenario.message(null, "no id two", ""));
            s.folder("B", "inbox", "b1");

            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            CliRun ours = s.runOurs(s.ours);

            assertThat(ids(s.orig, "B").get("inbox")).as("the original copies the first id-less message as <>")
                    .containsExactly("(no id) no id one", "a1", "b1");
            assertThat(ids(s.ours, "B").get("inbox")).as("SEMANTICS 'message without Message-ID' row: never copied in msgid mode")
                    .containsExactly("a1", "b1");
            assertThat(ours.out()).contains("2 without Message-ID on a, not synced.");
        }
    }

    @Test
    void flaggedDeletedMessages() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1");
            s.folder("B", "inbox", "k1");
            String flagged = TwinScenario.message("flagged", "flagged deleted", "")
                    .replace("\nTo: ", "\nX-Status: D\nTo: ");
            s.append("A", "inbox", flagged);
            s.append("B", "inbox", TwinScenario.message("b-flagged", "flagged on b", "").replace("\nTo: ", "\nX-Status: D\nTo: "));

            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            CliRun ours = s.runOurs(s.ours);

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertThat(ids(s.orig, "A").get("inbox")).as("the original expunges every \\Deleted message").containsExactly("k1");
            assertThat(ids(s.ours, "A").get("inbox")).as("SEMANTICS 'messages flagged \\Deleted' row: skipped and left alone")
                    .containsExactly("flagged", "k1");
            assertThat(ids(s.ours, "B").get("inbox")).containsExactly("b-flagged", "k1");
        }
    }

    @Test
    void simulate() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1", "gone");
            s.folder("B", "inbox", "k1", "gone");
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            assertThat(s.runOurs(s.ours).exitCode()).isZero();
            s.remove("B", "inbox", "gone");
            s.append("A", "inbox", TwinScenario.message("new", "new one", ""));
            Map<String, String> before = MailTree.checksums(s.ours);

            OriginalMailsync.Result theirs = s.runOriginal(s.orig, "-s", "-m");
            CliRun ours = s.runOurs(s.ours, "-s", "-m");

            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertThat(theirs.out()).contains("  copied     ->  ").doesNotContain("deleted");
            assertThat(ours.out()).as("SEMANTICS '-s' row: reports every action incl. deletions")
                    .contains("  copied     ->  ", "  deleted    <   ");
            assertThat(MailTree.checksums(s.ours)).as("SEMANTICS '-s' row: truly read-only").isEqualTo(before);
            assertThat(ids(s.orig, "B").get("inbox")).containsExactly("k1");
        }
    }

    @Test
    void folderRemovedOnOneSide() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            s.folder("A", "inbox", "k1");
            s.folder("B", "inbox", "k1");
            s.folder("A", "old", "o1", "o2");
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            assertThat(s.runOurs(s.ours).exitCode()).isZero();
            Files.delete(s.orig.resolve("B/old"));
            Files.delete(s.ours.resolve("B/old"));

            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            CliRun ours = s.runOurs(s.ours);

            assertThat(ids(s.orig, "A").get("old")).as("the original deletes all of the folder's mail on the other side")
                    .isEmpty();
            assertThat(ours.exitCode()).as("SEMANTICS 'folder removed on one side' row: warn, skip, exit 2").isEqualTo(2);
            assertThat(ids(s.ours, "A").get("old")).as("SEMANTICS 'folder removed on one side' row: nothing deleted")
                    .containsExactly("o1", "o2");
        }
    }

    @Test
    void nestedFolders() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            for (Path tree : List.of(s.orig, s.ours)) {
                String rel = s.rel(tree);
                Files.writeString(tree.resolve("cfg"), "store a { pat " + rel + "/A/* prefix " + rel + "/A/ }\n"
                        + "store b { pat " + rel + "/B/* prefix " + rel + "/B/ }\n"
                        + "channel c a b { msinfo " + rel + "/msinfo }\n");
                Files.createDirectories(tree.resolve("A/lists"));
                Files.createDirectories(tree.resolve("B/lists"));
            }
            s.folder("A", "top", "t1");
            s.folder("A", "lists/x", "x1", "x2");
            s.folder("B", "lists/x", "x3");
            s.folder("B", "lists/y", "y1", "y2");

            OriginalMailsync.Result theirs = s.runOriginal(s.orig);
            CliRun ours = s.runOurs(s.ours);

            assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertSameNestedState(s, "c");
            assertThat(TwinScenario.nestedIds(s.ours, "A")).containsEntry("lists/x", List.of("x1", "x2", "x3"))
                    .containsEntry("lists/y", List.of("y1", "y2")).containsEntry("top", List.of("t1"));
            assertThat(TwinScenario.ourRecord(s.ours, "c")).containsKeys("lists/x", "lists/y", "top");
            assertThat(lines(summary(ours.out()), COPIED)).isEqualTo(lines(summary(theirs.out()), COPIED));

            s.remove("A", "lists/x", "x3");
            s.remove("B", "lists/y", "y1");
            s.append("B", "lists/x", TwinScenario.message("x4", "subject x4", ""));
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            ours = s.runOurs(s.ours);
            assertThat(ours.exitCode()).as(ours.toString()).isZero();
            assertSameNestedState(s, "c");
            assertThat(TwinScenario.nestedIds(s.ours, "B")).containsEntry("lists/x", List.of("x1", "x2", "x4"))
                    .containsEntry("lists/y", List.of("y2"));
        }
    }

    @Test
    void twoChannelsSharingOneMsinfo() throws Exception {
        try (TwinScenario s = new TwinScenario("")) {
            for (Path tree : List.of(s.orig, s.ours)) {
                String rel = s.rel(tree);
                StringBuilder cfg = new StringBuilder();
                for (String side : List.of("A", "B", "X", "Y")) {
                    Files.createDirectories(tree.resolve(side));
                    cfg.append("store ").append(side.toLowerCase()).append(" { pat ").append(rel).append('/').append(side)
                            .append("/% prefix ").append(rel).append('/').append(side).append("/ }\n");
                }
                cfg.append("channel c a b { msinfo ").append(rel).append("/msinfo }\n");
                cfg.append("channel d x y { msinfo ").append(rel).append("/msinfo }\n");
                Files.writeString(tree.resolve("cfg"), cfg);
            }
            s.folder("A", "work", "a1", "k1");
            s.folder("B", "work", "b1", "k1");
            s.folder("X", "work", "x1");
            s.folder("Y", "other", "y1");

            for (String channel : List.of("c", "d")) {
                OriginalMailsync.Result theirs = s.original.run(s.orig, "-f", s.rel(s.orig) + "/cfg", channel);
                CliRun ours = CliRun.run(s.original.home(), "-f", s.ours.resolve("cfg").toString(), channel);
                assertThat(theirs.exitCode()).as(theirs.toString()).isZero();
                assertThat(ours.exitCode()).as(ours.toString()).isZero();
            }
            for (String side : List.of("A", "B", "X", "Y")) {
                assertThat(ids(s.ours, side)).as("store " + side).isEqualTo(ids(s.orig, side));
            }
            assertThat(TwinScenario.ourRecord(s.ours, "c")).isEqualTo(TwinScenario.theirRecord(s.orig, "c"))
                    .containsEntry("work", List.of("<a1@example.org>", "<b1@example.org>", "<k1@example.org>"));
            assertThat(TwinScenario.ourRecord(s.ours, "d")).isEqualTo(TwinScenario.theirRecord(s.orig, "d"))
                    .containsEntry("work", List.of("<x1@example.org>")).containsEntry("other", List.of("<y1@example.org>"));
            assertThat(TwinScenario.theirRecord(s.orig, "d")).as("the original keeps both channels in one msinfo file")
                    .isNotEmpty();
            Map<String, List<String>> oursD = TwinScenario.ourRecord(s.ours, "d");
            Map<String, List<String>> theirsD = TwinScenario.theirRecord(s.orig, "d");

            s.remove("B", "work", "k1");
            s.append("A", "work", TwinScenario.message("a2", "subject a2", ""));
            s.append("X", "work", TwinScenario.message("x2", "not synced: channel d is not run", ""));
            assertThat(s.runOriginal(s.orig).exitCode()).isZero();
            assertThat(s.runOurs(s.ours).exitCode()).isZero();

            for (String side : List.of("A", "B", "X", "Y")) {
                assertThat(ids(s.ours, side)).as("store " + side).isEqualTo(ids(s.orig, side));
            }
            assertThat(ids(s.ours, "A").get("work")).containsExactly("a1", "a2", "b1");
            assertThat(TwinScenario.ourRecord(s.ours, "c")).isEqualTo(TwinScenario.theirRecord(s.orig, "c"));
            assertThat(TwinScenario.ourRecord(s.ours, "d")).as("channel d's record untouched by a run of c").isEqualTo(oursD);
            assertThat(TwinScenario.theirRecord(s.orig, "d")).isEqualTo(theirsD);
        }
    }

    private static void assertSameNestedState(TwinScenario s, String channel) throws Exception {
        assertThat(TwinScenario.nestedIds(s.ours, "A")).as("store a").isEqualTo(TwinScenario.nestedIds(s.orig, "A"));
        assertThat(TwinScenario.nestedIds(s.ours, "B")).as("store b").isEqualTo(TwinScenario.nestedIds(s.orig, "B"));
        assertThat(TwinScenario.ourRecord(s.ours, channel)).as("sync record").isEqualTo(TwinScenario.theirRecord(s.orig, channel));
    }

    private static void assertSameMail(TwinScenario s) throws Exception {
        assertThat(ids(s.ours, "A")).as("store a: ours vs the original").isEqualTo(ids(s.orig, "A"));
        assertThat(ids(s.ours, "B")).as("store b: ours vs the original").isEqualTo(ids(s.orig, "B"));
    }
}
