package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.store.TransientStoreException;

/**
 * Transient store failures (a {@link TransientStoreException} thrown by a step just before
 * copy-message, the first N times a given message comes, after reading part of it) are redelivered
 * {@code mailsync.retry.max} (3) times with exponential back-off: within the retries the run
 * succeeds and the message (one over the 1 MiB spool threshold) is copied once and whole; beyond them the folder pair is given up (the rest of
 * its copies and deletions skipped, its msinfo not committed, other pairs unaffected) and the
 * next run converges without duplicates. The back-off comes from the
 * {@code mailsync.retry.delay} JVM system property (10 ms here instead of 1000 ms), which the
 * timing of the attempts proves.
 */
class TransientCopyFailureRetryTest {

    private static final String INBOX = "INBOX";

    @TempDir
    Path home;

    Path flakyRoutes;

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty("mailsync.retry.delay", "10");
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        flakyRoutes = EditedRoutes.write(home.resolve("flaky-routes"), """
                              - bean:
                                  id: copy-message
                                  ref: messageCopier
                                  method: append
                """, """
                              - bean:
                                  id: flaky-before-copy
                                  beanType: org.mailsync.cli.TransientCopyFailureRetryTest$Flaky
                                  method: attempt
                              - bean:
                                  id: copy-message
                                  ref: messageCopier
                                  method: append
                """);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("mailsync.retry.delay");
        Flaky.arm(null, 0);
    }

    @Test
    void failuresWithinTheRetriesAreRetriedWithBackOffAndTheMessageIsCopiedOnce() throws Exception {
        maildir(home.resolve("Mail/inbox"), "m1", "m3");
        // m2 is over the 1 MiB spool threshold, and each failed attempt reads some of it first.
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < (2 << 20); i++) {
            body.append("line ").append(i).append(" of a message that is spooled to disk while it is copied\n");
        }
        Files.writeString(home.resolve("Mail/inbox/cur/1600000000.big.test:2,S"),
                MailTree.message("m2", "big").replace("Body of big\n", body), StandardCharsets.ISO_8859_1);
        mbox(home.resolve("Archive/inbox"));
        Flaky.arm("<m2@example.org>", 3);

        CliRun run = CliRun.run(home, "--routes", flakyRoutes.toString(), "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("INBOX: \n3 copied laptop->archive.\n3 remain.\n");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("m1", "m2", "m3");
        String mbox = Files.readString(home.resolve("Archive/inbox"), StandardCharsets.ISO_8859_1);
        assertThat(Flaky.partialReads()).isEqualTo(3);
        assertThat(mbox.indexOf(body.toString())).as("m2 whole in the target").isPositive()
                .isEqualTo(mbox.lastIndexOf(body.toString()));
        assertThat(msinfo(INBOX)).containsExactlyInAnyOrder("<m1@example.org>", "<m2@example.org>", "<m3@example.org>");
        // 1 delivery + 3 redeliveries, 10, 20, 40 ms apart: the system property, not the 1 s default (7 s in all).
        List<Long> times = Flaky.attemptsOf("<m2@example.org>");
        assertThat(times).hasSize(4);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
        }
        assertThat(gaps.get(0)).as("gaps %s", gaps).isGreaterThanOrEqualTo(10);
        assertThat(gaps.get(1)).as("gaps %s", gaps).isGreaterThanOrEqualTo(20);
        assertThat(gaps.get(2)).as("gaps %s", gaps).isGreaterThanOrEqualTo(40);
        assertThat(gaps.stream().mapToLong(Long::longValue).sum()).as("gaps %s", gaps).isLessThan(1000);
        assertThat(Flaky.attemptsOf("<m1@example.org>")).hasSize(1);
    }

    @Test
    void failuresBeyondTheRetriesGiveUpThePairUncommittedAndTheNextRunConverges() throws Exception {
        maildir(home.resolve("Mail/inbox"), "m1", "m2");
        maildir(home.resolve("Mail/work"), "w1");
        mbox(home.resolve("Archive/inbox"));
        mbox(home.resolve("Archive/work"));
        assertThat(CliRun.run(home, "backup").exitCode()).isZero();
        Set<String> inboxBefore = msinfo(INBOX);
        assertThat(inboxBefore).containsExactlyInAnyOrder("<m1@example.org>", "<m2@example.org>");

        maildir(home.resolve("Mail/inbox"), "m3", "m4", "m5", "m6");
        deleteFromMaildir(home.resolve("Mail/inbox"), "m1"); // a deletion for archive, after the copies
        maildir(home.resolve("Mail/work"), "w2");
        Flaky.arm("<m4@example.org>", 4);

        CliRun aborted = CliRun.run(home, "--routes", flakyRoutes.toString(), "backup");

        assertThat(aborted.exitCode()).as(aborted.toString()).isEqualTo(2);
        assertThat(aborted.err()).startsWith("Error: cannot copy message <m4@example.org> from laptop:Mail/inbox to archive:Archive/inbox: ")
                .endsWith("; the rest of folder \"INBOX\" is left for the next run\n")
                .contains("connection reset by the test").hasLineCount(1);
        assertThat(Flaky.attemptsOf("<m4@example.org>")).as("1 delivery + 3 redeliveries").hasSize(4);
        // Nothing of the pair after the failure was tried: no later copy, no deletion.
        List<String> order = Flaky.order().stream().filter(id -> id.startsWith("<m")).toList(); // INBOX only
        List<String> before = order.subList(0, order.indexOf("<m4@example.org>"));
        assertThat(before).as("m4 is not the last copy of the pair, so some were left: %s", order).hasSizeLessThan(3);
        assertThat(order.subList(order.indexOf("<m4@example.org>"), order.size())).containsOnly("<m4@example.org>");
        List<String> expected = new ArrayList<>(List.of("m1", "m2"));
        before.forEach(id -> expected.add(id.replaceAll("^<|@example\\.org>$", "")));
        expected.sort(null);
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactlyElementsOf(expected).contains("m1").doesNotContain("m4");
        assertThat(msinfo(INBOX)).as("the given-up pair is not committed").isEqualTo(inboxBefore);
        // The other folder pair was synced and committed.
        assertThat(mboxIds(home.resolve("Archive/work"))).containsExactly("w1", "w2");
        assertThat(msinfo("work")).containsExactlyInAnyOrder("<w1@example.org>", "<w2@example.org>");
        assertThat(aborted.out()).contains("work: \n1 copied laptop->archive.\n2 remain.\n");

        Flaky.arm(null, 0);
        CliRun next = CliRun.run(home, "backup");

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.err()).isEmpty();
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("m2", "m3", "m4", "m5", "m6");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("m2", "m3", "m4", "m5", "m6");
        assertThat(msinfo(INBOX)).hasSize(5);
        CliRun quiet = CliRun.run(home, "backup");
        assertThat(quiet.out()).doesNotContain("copied", "deleted").contains("INBOX: \n5 remain.");
    }

    private Set<String> msinfo(String boxname) throws Exception {
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            return repo.load("backup", boxname);
        }
    }

    private static void deleteFromMaildir(Path folder, String id) throws Exception {
        for (String sub : new String[] {"cur", "new"}) {
            try (var files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.readString(f).contains("Message-ID: <" + id + "@example.org>")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    /** The step before each copy: fails transiently the first N times one message comes. */
    public static final class Flaky {
        private static String identity;
        private static int failures;
        private static int partialReads;
        private static final List<String> ORDER = new ArrayList<>();
        private static final List<Long> TIMES = new ArrayList<>();

        static synchronized void arm(String id, int times) {
            identity = id;
            failures = times;
            partialReads = 0;
            ORDER.clear();
            TIMES.clear();
        }

        /** How many failed attempts read some of the message before failing. */
        static synchronized int partialReads() {
            return partialReads;
        }

        /** Every attempt, in order, by identity. */
        static synchronized List<String> order() {
            return List.copyOf(ORDER);
        }

        /** When each attempt of one message came (System.nanoTime). */
        static synchronized List<Long> attemptsOf(String id) {
            List<Long> t = new ArrayList<>();
            for (int i = 0; i < ORDER.size(); i++) {
                if (ORDER.get(i).equals(id)) {
                    t.add(TIMES.get(i));
                }
            }
            return t;
        }

        /**
         * Called by the edited copy route with the message's identity and the message: a
         * failing attempt reads part of it first, like a store whose connection broke midway.
         */
        public static synchronized void attempt(@Header("CamelMailsyncIdentity") String id, @Body Object message)
                throws TransientStoreException, IOException {
            ORDER.add(id);
            TIMES.add(System.nanoTime());
            if (id.equals(identity) && failures > 0) {
                failures--;
                if (message instanceof InputStream in && in.readNBytes(64 * 1024).length > 0) {
                    partialReads++;
                }
                throw new TransientStoreException("archive: connection reset by the test", null);
            }
        }
    }
}
