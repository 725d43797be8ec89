package org.mailsync.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.identity.IdentityMode;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.report.Console;
import org.mailsync.report.PairOutcome;
import org.mailsync.report.SyncReport;
import org.mailsync.store.MailStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncOptions;
import org.mailsync.sync.SyncPlan;

/**
 * The pair-level fast path: a pair recorded as settled (its last plan was empty) is skipped
 * only while both folders, its msinfo and the options are exactly as they were; any change to
 * any of them, including a message rewritten in place under its old name, size and mtime,
 * sends it through the full index and plan again.
 */
class SettledPairsTest {

    @TempDir
    Path dir;

    MsinfoRepository state;
    LocalStore local;
    LocalStore backup;
    final SettledPairs settled = new SettledPairs();
    final SyncReport report = new SyncReport(new Console(new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(OutputStream.nullOutputStream())), false, false);
    final FolderPair pair = new FolderPair("inbox", "inbox", "inbox", true, true);

    @BeforeEach
    void stores() throws Exception {
        state = MsinfoRepository.open(dir.resolve("msinfo.db"));
        MaildirFormat a = new MaildirFormat();
        MaildirFormat b = new MaildirFormat();
        local = new LocalStore("local", dir.resolve("Mail"), List.of(a), a);
        backup = new LocalStore("backup", dir.resolve("Backup"), List.of(b), b);
        for (MailStore store : List.of(local, backup)) {
            store.createFolder("inbox");
            append(store, "m1");
            append(store, "m2");
        }
        state.replace("c", "inbox", Set.of("<m1@x>", "<m2@x>"));
        settle();
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void aPairIsSkippedOnlyAfterAnEmptyPlanAndWhileNothingChanged() throws Exception {
        SyncJob job = job(SyncOptions.defaults());
        assertThat(check(job)).as("never settled").isNull();

        Exchange first = exchange(job);
        assertThat(settled.check(job, pair, first)).isNull();
        recordQuiet(job, first);

        Exchange second = exchange(job);
        SyncPlan plan = settled.check(job, pair, second);
        assertThat(plan).isNotNull();
        assertThat(plan.actions()).isEmpty();
        assertThat(second.getProperty(SettledPairs.REMAIN)).as("its msinfo counted, not loaded").isEqualTo(2);
        assertThat(second.getProperty(SettledPairs.SKIPPED)).isEqualTo(true);
        assertThat(check(job)).as("still settled on the next run").isNotNull();
    }

    @Test
    void aNewMessageOnEitherSideUnsettlesThePair() throws Exception {
        SyncJob job = settledJob();
        append(backup, "m3");
        settle();
        assertThat(check(job)).isNull();
    }

    @Test
    void aFlagChangedByRenamingTheFileUnsettlesThePair() throws Exception {
        SyncJob job = settledJob();
        Path file = firstFile(dir.resolve("Mail/inbox/new"));
        // as a mail reader marks a message seen: new/NAME -> cur/NAME:2,S
        Files.move(file, dir.resolve("Mail/inbox/cur").resolve(file.getFileName() + ":2,S"));
        settle();
        assertThat(check(job)).isNull();
    }

    @Test
    void aMessageRewrittenInPlaceWithItsOldSizeAndMtimeUnsettlesThePair() throws Exception {
        SyncJob job = settledJob();
        Path file = firstFile(dir.resolve("Mail/inbox/new"));
        FileTime mtime = Files.getLastModifiedTime(file);
        String before = Files.readString(file, StandardCharsets.ISO_8859_1);
        Files.writeString(file, before.replace("@x>", "@y>"), StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(file, mtime);
        assertThat(Files.size(file)).isEqualTo(before.length());
        settle();
        assertThat(check(job)).isNull();
    }

    @Test
    void aChangedMsinfoUnsettlesThePair() throws Exception {
        SyncJob job = settledJob();
        state.replace("c", "inbox", Set.of("<m1@x>"));
        assertThat(check(job)).isNull();
    }

    @Test
    void otherOptionsOrAnotherIdentityModeMakeAnotherPlanSoThePairIsNotSkipped() throws Exception {
        settledJob();
        assertThat(check(job(new SyncOptions(true, false, false, 0, false)))).isNull();
        SyncJob md5 = new SyncJob("c", new StoreSide("local", local, "*", ""), new StoreSide("backup", backup, "*", ""),
                state, SyncOptions.defaults(), IdentityMode.MD5, false, report);
        assertThat(check(md5)).isNull();
    }

    @Test
    void aPairWithAnythingToDoOrReportForgetsItsSettledRecord() throws Exception {
        SyncJob job = settledJob();
        Exchange busy = exchange(job);
        settled.check(job, pair, busy);
        SyncPlan withReport = new SyncPlan("inbox", List.of(new SyncAction(ActionType.DUPLICATE, Side.A, null)),
                Set.of("<m1@x>", "<m2@x>"), false);
        settled.record(job, new PairOutcome("inbox", withReport), busy.getProperty(SettledPairs.INPUTS, String.class), null,
                false);
        assertThat(check(job)).isNull();
    }

    @Test
    void anEmptyPlanWhoseCommitChangedMsinfoDoesNotSettleThePair() throws Exception {
        SyncJob job = job(SyncOptions.defaults());
        Exchange exchange = exchange(job);
        settled.check(job, pair, exchange);
        SyncPlan empty = new SyncPlan("inbox", List.of(), Set.of("<m1@x>", "<m2@x>"), false);
        settled.record(job, new PairOutcome("inbox", empty), exchange.getProperty(SettledPairs.INPUTS, String.class), null,
                true); // e.g. the flags of copied messages recorded at last
        assertThat(check(job)).isNull();
    }

    @Test
    void aSimulationNeverRecordsAPairAsSettled() throws Exception {
        SyncJob simulate = new SyncJob("c", new StoreSide("local", local, "*", ""), new StoreSide("backup", backup, "*", ""),
                state, SyncOptions.defaults(), IdentityMode.MSGID, true, report);
        recordQuiet(simulate, exchange(simulate));
        assertThat(check(job(SyncOptions.defaults()))).isNull();
    }

    @Test
    void aFolderMissingOnOneSideIsNeverSkipped() throws Exception {
        SyncJob job = settledJob();
        FolderPair oneSided = new FolderPair("inbox", "inbox", "inbox", true, false);
        assertThat(settled.check(job, oneSided, exchange(job))).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private SyncJob job(SyncOptions options) {
        return new SyncJob("c", new StoreSide("local", local, "*", ""), new StoreSide("backup", backup, "*", ""), state,
                options, IdentityMode.MSGID, false, report);
    }

    private SyncJob settledJob() throws Exception {
        SyncJob job = job(SyncOptions.defaults());
        recordQuiet(job, exchange(job));
        assertThat(check(job)).as("settled").isNotNull();
        return job;
    }

    private void recordQuiet(SyncJob job, Exchange exchange) throws Exception {
        settled.check(job, pair, exchange);
        Map<String, RememberedFlags> loaded = state.loadWithFlags("c", "inbox");
        SyncPlan empty = new SyncPlan("inbox", List.of(), loaded.keySet(), false, loaded, List.of());
        settled.record(job, new PairOutcome("inbox", empty), exchange.getProperty(SettledPairs.INPUTS, String.class), null,
                false); // the commit left msinfo as loaded
    }

    private SyncPlan check(SyncJob job) throws Exception {
        return settled.check(job, pair, exchange(job));
    }

    private static Path firstFile(Path sub) throws Exception {
        try (Stream<Path> files = Files.list(sub)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
    }

    private static Exchange exchange(SyncJob job) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.setProperty(MailsyncConstants.JOB, job);
        return e;
    }

    private static void append(MailStore store, String id) throws Exception {
        String msg = "Message-ID: <" + id + "@x>\nSubject: " + id + "\n\nbody " + id + "\n";
        store.append("inbox", new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)), Set.of(), Instant.now());
    }

    /** Past the settle time of a file system with sub-second times, so every file can be vouched for. */
    private static void settle() throws InterruptedException {
        Thread.sleep(120);
    }
}
