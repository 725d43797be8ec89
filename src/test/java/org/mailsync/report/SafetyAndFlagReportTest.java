package org.mailsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.FolderIndex;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncOptions;
import org.mailsync.sync.SyncPlan;
import org.mailsync.sync.ThreeWayPlanner;

/**
 * What the report says about the deletion circuit breaker (which folder, which side, how many of
 * how many, how to proceed; exit 2) and about flag changes (a count per side, a line per message
 * with {@code -m}).
 */
class SafetyAndFlagReportTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private SyncReport report(boolean showMessages) {
        SyncReport report = new SyncReport(new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), showMessages, false);
        report.begin("c", "laptop", "server", false);
        return report;
    }

    private static IndexedMessage message(String key, String id, Set<Flag> flags) {
        byte[] header = ("Message-ID: " + id + "\r\nFrom: Alice <a@x>\r\nSubject: hello\r\n").getBytes(StandardCharsets.US_ASCII);
        return new IndexedMessage(id, new MessageMeta(key, 100, flags, Instant.parse("2026-03-02T10:00:00Z"), header), "d");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void heldDeletionsNameFolderSideCountsAndTheWayOnAndExitTwo() {
        List<IndexedMessage> onA = new ArrayList<>();
        Set<String> msinfo = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            onA.add(message("a" + i, "<" + i + "@x>", Set.of()));
            msinfo.add("<" + i + "@x>");
        }
        List<IndexedMessage> onB = onA.subList(80, 100);
        SyncPlan plan = ThreeWayPlanner.plan("INBOX", new FolderIndex("INBOX", onA), new FolderIndex("INBOX", onB), msinfo,
                SyncOptions.defaults());
        SyncReport report = report(false);
        PairOutcome outcome = new PairOutcome("INBOX", plan);
        plan.actions().forEach(a -> report.action("INBOX", a));
        report.pairEnd(outcome);

        assertThat(out()).contains("INBOX: \n80 to delete on laptop held back (maxdelete).\n100 remain.\n");
        assertThat(err()).isEqualTo("Warning: folder \"INBOX\": 80 of 100 synced messages were deleted on store server;"
                + " not deleting them on store laptop (more than maxdelete 50/20 allows: 50% and 20). To delete them, run"
                + " with --force-deletions or raise the channel's maxdelete\n");
        assertThat(report.exitCode()).isEqualTo(SyncReport.INCOMPLETE);
        assertThat(report.toRunReport().folders().get(0).heldBack()).isEqualTo(80);
    }

    @Test
    void flagChangesAreCountedPerSideAndListedWithMinusM() {
        IndexedMessage a1 = message("a1", "<1@x>", Set.of());
        IndexedMessage b1 = message("b1", "<1@x>", EnumSet.of(Flag.SEEN));
        SyncPlan plan = ThreeWayPlanner.plan("box", new FolderIndex("box", List.of(a1)), new FolderIndex("box", List.of(b1)),
                Map.of("<1@x>", new RememberedFlags(FlagState.none(), FlagState.none())), SyncOptions.defaults());
        assertThat(plan.actions()).extracting(SyncAction::type).containsExactly(ActionType.SET_FLAGS);
        SyncReport report = report(true);
        PairOutcome outcome = new PairOutcome("box", plan);
        report.pairBegin("box");
        for (SyncAction a : plan.actions()) {
            outcome.flagsChanged(a);
            report.action("box", a);
        }
        report.pairEnd(outcome);

        assertThat(out()).contains("  flags      <   +\\Seen  Mon Mar  2 Alice                  hello",
                "\n1 with flags changed on laptop.\n1 message remains in box\n");
        assertThat(report.exitCode()).isEqualTo(SyncReport.OK);
    }

    @Test
    void aFailedFlagChangeKeepsTheLoadedFlagsSoItIsRetried() {
        IndexedMessage a1 = message("a1", "<1@x>", Set.of());
        IndexedMessage b1 = message("b1", "<1@x>", EnumSet.of(Flag.SEEN));
        RememberedFlags loaded = new RememberedFlags(FlagState.none(), FlagState.none());
        SyncPlan plan = ThreeWayPlanner.plan("box", new FolderIndex("box", List.of(a1)), new FolderIndex("box", List.of(b1)),
                Map.of("<1@x>", loaded), SyncOptions.defaults());
        PairOutcome ok = new PairOutcome("box", plan);
        PairOutcome failed = new PairOutcome("box", plan);
        failed.flagsFailed(plan.actions().get(0), "cannot change flags");

        FlagState seen = new FlagState(EnumSet.of(Flag.SEEN), Set.of());
        assertThat(ok.rememberedFlagsAfter(Map.of("<1@x>", loaded))).containsExactly(
                Map.entry("<1@x>", new RememberedFlags(seen, seen)));
        assertThat(failed.rememberedFlagsAfter(Map.of("<1@x>", loaded))).containsExactly(Map.entry("<1@x>", loaded));
    }

    @Test
    void aFlagChangeIsWrittenAsImapWritesFlags() {
        FlagChange change = new FlagChange(EnumSet.of(Flag.SEEN, Flag.ANSWERED), EnumSet.of(Flag.FLAGGED), Set.of("$Work"),
                Set.of("$Junk"));
        assertThat(ActionLine.describe(change)).isEqualTo("+\\Seen +\\Answered +$Work -\\Flagged -$Junk");
    }
}
