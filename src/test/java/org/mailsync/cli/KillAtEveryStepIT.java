package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.route.DeletionBatch;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * A sync killed at any point, then run to completion twice, ends as if it had never been
 * killed — in the spirit of mbsync's {@code run-tests.pl}, which stops its sync after every
 * step and checks that running it again gives the same result.
 *
 * <p><b>Scenario</b> (the same for both store pairs, Maildir ↔ mbox and Maildir ↔ Dovecot): a
 * first sync establishes {@code inbox} and {@code work} on both sides; then both sides get new
 * mail (and the Maildir side a new folder {@code news}, which the run must create on the other
 * side), and both sides lose synced messages. The run under test then has 6 copies (both
 * directions) and 3 deletion batches (both sides) to do, over three folder pairs: {@value
 * #ACTIONS} actions. In the mbox case two of the copies are 4 MiB messages ({@code a5} into
 * the mbox, {@code x2} into the Maildir): over the spool threshold, and long enough to be
 * caught half-written. The run under test is the real CLI in a JVM of its own ({@code java -cp
 * <test classpath> org.mailsync.cli.Mailsync --routes DIR sync}, {@code HOME} and {@code
 * java.io.tmpdir} of the test's), killed:
 * <ul>
 * <li><b>at the k-th action</b>: routes on the extension points {@code direct:mailsync-copied-kill}
 * and {@code direct:mailsync-deleted-kill} call {@link Killer}, which halts the JVM ({@code
 * Runtime.halt(137)}: no shutdown hook, no {@code finally}, as SIGKILL) at the k-th call, k
 * from {@code -Dkill.after}. Both points fire right after the store change (the message
 * stored, the side's batch deleted) and before the folder pair's msinfo commit, so these
 * cover: a copy done but not committed (with or without the copies before it in the same
 * pair); a deletion batch done but not committed (with or without the other side's); a pair
 * committed and the next one half done; everything done but the last pair's commit. Maildir ↔
 * mbox: every k from 1 to {@value #ACTIONS}; Maildir ↔ Dovecot: 1, 2, the middle and the
 * last.</li>
 * <li><b>by time</b> ({@link Process#destroyForcibly()}, SIGKILL), at a moment the test sees
 * (polled every 2 ms): 40 ms after the run began (indexing, planning), while 64 KiB and more
 * of the big {@code a5} are written into the mbox and of the big {@code x2} into a Maildir
 * {@code tmp/} file, right after actions 5 and 9 (the pair's commit, the next pair's index and
 * folder creation; the last commit), and for Dovecot right after action 1 (the next APPEND)
 * and 15 ms after action 4 (the other side's UID EXPUNGE, the commit). These land between
 * the extension points, where exactly varies from run to run: the test prints what the killed
 * run reached and what its mail was when it ended.</li>
 * </ul>
 * Not covered: a kill at a chosen point inside the SQLite commit, an mbox rewrite or an IMAP
 * command (only by chance, through the timed kills), a crash of the machine (unflushed
 * writes), and a kill of the IMAP server instead of the client (see {@code ImapSyncIT},
 * {@code DovecotTransientFailureIT}).
 *
 * <p><b>Checks</b>, after the killed run and two completion runs (in this JVM, {@link CliRun}):
 * each folder on each side holds exactly the expected messages, each whole (nothing lost or
 * truncated, nothing duplicated, nothing deleted come back, no extra folder, nothing left
 * flagged \Deleted on the server; what the run deleted on the server is in its {@code Trash},
 * each message once and whole: recoverable deletions), and msinfo remembers exactly them; the first completion
 * exits 0; the second reports no copy, deletion or folder creation and changes nothing: every
 * file of the home by bytes and time (msinfo by what it remembers, as a run stamps each pair's
 * {@code synced_at}; the channel lock by its bytes, as a run names itself in it), and on the
 * server every message's UID, identity and flags. Nothing is left behind: no {@code *.lock}
 * in the home (except the channel lock {@code .msinfo.lock}, an fcntl lock file that stays
 * between runs by design, see {@code ChannelLock}: it must not be held), no file in a Maildir
 * {@code tmp/}, no msinfo scratch {@code .*.new-*}, no mbox scratch {@code .*.mailsync-*.tmp},
 * no SQLite {@code -wal}/{@code -shm}/{@code -journal}; and no {@code mailsync-spool-*} in the
 * {@code java.io.tmpdir} of the killed JVMs: checked once, after a last forked run without kill
 * in that same directory (the completion runs here use this JVM's own tmpdir, so only a forked
 * run could clean up after the killed ones). A run without kill in this JVM, with the counting
 * routes, is checked the same way first, so that a failure of a kill case is the kill's doing.
 *
 * <p>Speed: the forked JVMs start from jars of the class directories with an AppCDS archive
 * made by a first forked sync ({@link ForkedJvm}), and each forked run overlaps with this JVM
 * preparing the next case and checking the previous one ({@link Pipeline}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillAtEveryStepIT {

    /** Copies and deletion batches of the run under test. */
    static final int ACTIONS = 9;

    private static final String CHANNEL = "sync";
    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]*)@example\\.org>");

    /** What each side holds after the run: folder (as the Maildir side names it) → ids. */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.of(
            "inbox", List.of("a3", "a4", "a5", "a6", "b2", "b3"),
            "news", List.of("n1"),
            "work", List.of("w2", "w3", "x1", "x2")));

    @TempDir
    static Path root;

    private static Path routes;
    /** The {@code java.io.tmpdir} of every forked run. */
    private static Path forkTmp;
    /** Spool directory → the case whose killed run left it there. */
    private static final Map<String, String> spoolsLeft = Collections.synchronizedMap(new TreeMap<>());
    /** Started by the test factory that needs it, so that the mbox pair runs without Dovecot. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared().startedOnFirstUse();

    @BeforeAll
    static void setUp() throws Exception {
        routes = Files.createDirectories(root.resolve("kill-routes"));
        forkTmp = Files.createDirectories(root.resolve("fork-tmp"));
        writeKillRoutes();
        ForkedJvm.prepare();
    }

    private static void writeKillRoutes() throws IOException {
        Files.writeString(routes.resolve("kill.camel.yaml"), """
                - route:
                    id: kill-after-copy
                    from:
                      uri: direct:mailsync-copied-kill
                      steps:
                        - bean:
                            beanType: org.mailsync.cli.KillAtEveryStepIT$Killer
                            method: afterCopy
                - route:
                    id: kill-after-deletions
                    from:
                      uri: direct:mailsync-deleted-kill
                      steps:
                        - bean:
                            beanType: org.mailsync.cli.KillAtEveryStepIT$Killer
                            method: afterDeletions
                """);
    }

    // ------------------------------------------------------------------ the two store pairs

    @TestFactory
    @Order(1)
    Stream<DynamicTest> maildirAndDovecot() throws Exception {
        DOVECOT.server(); // skips (or with MAILSYNC_REQUIRE_DOVECOT=1 fails) without Dovecot
        List<Case> cases = new ArrayList<>();
        cases.add(Case.REFERENCE);
        for (int k : List.of(1, 2, (ACTIONS + 1) / 2, ACTIONS)) {
            cases.add(Case.atAction(k));
        }
        cases.add(Case.timed("t1", "right after action 1 (the next APPEND)", printed(Killer.MARK + "1 "), 0));
        cases.add(Case.timed("t2", "15 ms after action 4 (the pair's other deletion batch, its commit, the next pair's index)",
                printed(Killer.MARK + "4 "), 15));
        return new Pipeline(new Dovecot(), cases).tests();
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> maildirAndMbox() throws Exception {
        Local scenario = new Local(root.resolve("local-template"));
        scenario.prepareTemplate();
        List<Case> cases = new ArrayList<>();
        cases.add(Case.REFERENCE);
        for (int k = 1; k <= ACTIONS; k++) {
            cases.add(Case.atAction(k));
        }
        cases.add(Case.timed("t1", "40 ms into the run (indexing, planning the first pair)", printed(STARTED), 40));
        long inboxSize = Files.size(root.resolve("local-template/Archive/inbox"));
        cases.add(Case.timed("t2", "while appending the big a5 to the mbox (64 KiB of it written)",
                home -> Files.size(home.resolve("Archive/inbox")) > inboxSize + (64 << 10), 0));
        cases.add(Case.timed("t3", "right after action 5 (commit of the first pair, the next one's index and folder creation)",
                printed(Killer.MARK + "5 "), 0));
        cases.add(Case.timed("t4", "while delivering the big x2 into the Maildir (64 KiB of it in work/tmp/)",
                home -> sizeOfDir(home.resolve("Mail/work/tmp")) > (64 << 10), 0));
        cases.add(Case.timed("t5", "right after the last action (commit of the last pair)", printed(Killer.MARK + ACTIONS + " "), 0));
        cases.add(Case.LAST); // after every other fork of the class (this factory runs second)
        return new Pipeline(scenario, cases).tests();
    }

    /** What the run prints on stdout as it begins, before indexing. */
    private static final String STARTED = "Synchronizing stores";

    /** A SIGKILL {@code delayMillis} after the anchor is seen (polled every 2 ms). */
    private record TimedKill(Anchor anchor, long delayMillis) {
    }

    /** Something the test can see of the run under test, in its home or its output (home/../killed.out, .err). */
    private interface Anchor {
        boolean seen(Path home) throws IOException;
    }

    /** The run has written this on stdout or stderr. */
    private static Anchor printed(String text) {
        return home -> Files.readString(home.resolveSibling("killed.out"), StandardCharsets.UTF_8).contains(text)
                || Files.readString(home.resolveSibling("killed.err"), StandardCharsets.UTF_8).contains(text);
    }

    /** The bytes of the files in a directory (0 if there is none). */
    private static long sizeOfDir(Path dir) throws IOException {
        long size = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                try {
                    size += Files.size(p);
                } catch (NoSuchFileException gone) {
                    // moved into place meanwhile
                }
            }
        }
        return size;
    }

    /**
     * One case: the run under test in this JVM without kill ({@link #REFERENCE}), or forked and
     * killed at an action or by time, or forked without kill ({@link #LAST}).
     */
    private record Case(String id, String title, boolean forked, int killAfter, TimedKill timed) {

        /** In this JVM, counting actions without kill: the oracle checks itself. */
        static final Case REFERENCE = new Case("reference", "no kill", false, 0, null);
        /**
         * Forked without kill, in the {@code java.io.tmpdir} every killed run had: it must sync
         * as the in-process one does, and afterwards no {@code mailsync-spool-*} may be there
         * (neither its own nor one a killed run left: a program that removes stale ones at start
         * would have done so by now).
         */
        static final Case LAST = new Case("forked", "no kill, forked: and no spool directory is left in java.io.tmpdir",
                true, 0, null);

        static Case atAction(int k) {
            return new Case("k" + k, "killed at action " + k, true, k, null);
        }

        static Case timed(String id, String when, Anchor anchor, long delayMillis) {
            return new Case(id, "killed " + when, true, 0, new TimedKill(anchor, delayMillis));
        }
    }

    /**
     * Runs a scenario's cases one after another, but overlaps this JVM's work with the forked
     * runs (a forked JVM costs 1-3 s, mostly starting): while case i's JVM runs, case i+1 is
     * prepared here; while case i+1's JVM runs, case i is completed and checked here. Only one
     * forked JVM runs at a time, and only this test's thread runs mailsync in this JVM.
     */
    private final class Pipeline {
        private final Scenario scenario;
        private final List<Case> cases;
        private final Path[] homes;
        private final Exception[] prepareFailures;
        private final List<Future<Forked>> forks;
        private final ExecutorService forker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kill-at-every-step-fork");
            t.setDaemon(true);
            return t;
        });

        Pipeline(Scenario scenario, List<Case> cases) {
            this.scenario = scenario;
            this.cases = cases;
            this.homes = new Path[cases.size()];
            this.prepareFailures = new Exception[cases.size()];
            this.forks = new ArrayList<>(Collections.nCopies(cases.size(), null));
        }

        Stream<DynamicTest> tests() {
            List<DynamicTest> tests = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                int index = i;
                tests.add(DynamicTest.dynamicTest(cases.get(i).title(), () -> run(index)));
            }
            return tests.stream();
        }

        private Path dir(int i) {
            return root.resolve(scenario.name() + "-" + cases.get(i).id());
        }

        /** Prepares case i's home unless done; a failure is kept for case i's own test. */
        private void prepare(int i) {
            if (i >= cases.size() || homes[i] != null || prepareFailures[i] != null) {
                return;
            }
            try {
                Path home = Files.createDirectories(dir(i)).resolve("home");
                scenario.prepare(home);
                homes[i] = home;
            } catch (Exception e) {
                prepareFailures[i] = e;
            }
        }

        private void startFork(int i) {
            if (i >= cases.size() || !cases.get(i).forked() || forks.get(i) != null) {
                return;
            }
            prepare(i);
            if (homes[i] != null) {
                Case c = cases.get(i);
                String name = scenario.name() + " " + c.id();
                forks.set(i, forker.submit(() -> forkAndNoteSpools(name, homes[i], dir(i), c.killAfter(), c.timed())));
            }
        }

        private void run(int i) throws Exception {
            Case c = cases.get(i);
            prepare(i);
            startFork(i);
            prepare(i + 1); // while case i's JVM runs
            Forked forked = null;
            if (forks.get(i) != null) {
                try {
                    forked = forks.get(i).get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            startFork(i + 1); // runs while case i is checked
            if (i == cases.size() - 1) {
                forker.shutdown();
            }
            if (prepareFailures[i] != null) {
                throw prepareFailures[i];
            }
            Path home = homes[i];
            String run;
            if (c.forked()) {
                String mail = scenario.describe(home);
                run = forked + (mail.isEmpty() ? "" : "--- its mail when it ended ---\n" + mail + "\n");
                if (!mail.isEmpty()) {
                    System.out.println(scenario.name() + " " + c.id() + ": mail when it ended: " + mail);
                }
                if (c.killAfter() > 0) {
                    assertThat(forked.exitCode()).as("halted at action " + c.killAfter() + ": " + forked).isEqualTo(137);
                } else if (c.timed() == null) {
                    assertThat(forked.exitCode()).as(run).isZero();
                }
            } else {
                Killer.reset();
                CliRun reference = CliRun.run(home, "--routes", routes.toString(), CHANNEL);
                List<String> actions = Killer.actions();
                System.out.println(scenario.name() + ": the run's actions, in order: " + actions);
                run = reference.toString();
                assertThat(reference.exitCode()).as(run).isZero();
                assertThat(actions).as("extension point calls of the run under test; " + run).hasSize(ACTIONS);
            }
            SoftAssertions softly = new SoftAssertions();
            completeAndCheck(softly, scenario, home, run);
            if (c == Case.LAST) {
                List<String> described = new ArrayList<>();
                for (String spool : spools()) {
                    String name = spool.substring(0, spool.indexOf(' '));
                    described.add(spool + ", left by " + spoolsLeft.getOrDefault(name, "the last run"));
                }
                softly.assertThat(described).as("spool directories in the forked runs' java.io.tmpdir " + forkTmp).isEmpty();
            }
            softly.assertAll();
        }
    }

    /** Runs the CLI in a JVM of its own (see {@link #fork}), noting which spool directories it left. */
    private static Forked forkAndNoteSpools(String name, Path home, Path dir, int killAfter, TimedKill timed) throws Exception {
        List<String> before = spools();
        Forked forked = fork(home, dir, killAfter, timed);
        List<String> left = new ArrayList<>(spools());
        left.removeAll(before);
        left.forEach(spool -> spoolsLeft.put(spool.substring(0, spool.indexOf(' ')), name));
        System.out.println(name + ": " + forked.summary() + "; spool directories it left: " + left);
        return forked;
    }

    /** The {@code mailsync-spool-*} directories in {@link #forkTmp}, each with what is inside. */
    private static List<String> spools() throws IOException {
        List<String> spools = new ArrayList<>();
        try (Stream<Path> list = Files.list(forkTmp)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (p.getFileName().toString().startsWith("mailsync-spool-")) {
                    long entries = 0;
                    long bytes = 0;
                    try (Stream<Path> inside = Files.walk(p)) {
                        for (Path f : (Iterable<Path>) inside::iterator) {
                            if (!f.equals(p)) {
                                entries++;
                                bytes += Files.isRegularFile(f) ? Files.size(f) : 0;
                            }
                        }
                    }
                    spools.add(p.getFileName() + " (" + entries + " files, " + bytes + " bytes inside)");
                }
            }
        }
        spools.sort(null);
        return spools;
    }

    private void completeAndCheck(SoftAssertions softly, Scenario scenario, Path home, String killed)
            throws Exception {
        CliRun first = CliRun.run(home, CHANNEL);
        String context = "killed run: " + killed + "\nfirst completion: " + first;
        softly.assertThat(first.exitCode()).as("first completion's exit; " + context).isZero();

        Map<String, Object> before = scenario.snapshot(home);
        CliRun second = CliRun.run(home, CHANNEL);
        context += "\nsecond completion: " + second;
        softly.assertThat(second.exitCode()).as("second completion's exit; " + context).isZero();
        softly.assertThat(second.out()).as("second completion is a no-op; " + context)
                .doesNotContain("copied", "deleted", "created");
        softly.assertThat(changes(before, scenario.snapshot(home))).as("what the second completion changed; " + context).isEmpty();

        scenario.checkMail(softly, home, context);
        Map<String, List<String>> remembered = new TreeMap<>();
        EXPECTED.forEach((folder, ids) -> remembered.put(folder.equals("inbox") ? "INBOX" : folder,
                ids.stream().map(id -> "<" + id + "@example.org>").toList()));
        softly.assertThat(msinfo(home)).as("msinfo remembers what is on both sides; " + context).isEqualTo(remembered);
        checkLeftovers(softly, home, context);
    }

    private static void checkLeftovers(SoftAssertions softly, Path home, String context) throws IOException {
        List<String> leftovers = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = home.relativize(p).toString();
                String fileName = p.getFileName().toString();
                boolean inMaildirTmp = p.getParent() != null && p.getParent().getFileName().toString().equals("tmp")
                        && Files.isDirectory(p.getParent().resolveSibling("cur"));
                if (rel.equals(".msinfo.lock")) {
                    continue; // checked below
                }
                if (fileName.endsWith(".lock") || inMaildirTmp || fileName.contains(".new-")
                        || fileName.matches("\\..*\\.mailsync-.*\\.tmp")
                        || fileName.matches("\\.msinfo.*-(wal|shm|journal)")) {
                    leftovers.add(rel);
                }
            }
        }
        softly.assertThat(leftovers).as("lock or scratch files left in the home; " + context).isEmpty();

        Path channelLock = home.resolve(".msinfo.lock");
        if (Files.exists(channelLock)) {
            try (FileChannel ch = FileChannel.open(channelLock, StandardOpenOption.WRITE);
                 FileLock lock = ch.tryLock()) {
                softly.assertThat(lock).as("the channel lock is free; " + context).isNotNull();
            }
        }
    }

    // ------------------------------------------------------------------ the killed JVM

    private record Forked(int exitCode, long millis, String stdout, String stderr) {

        String summary() {
            List<String> reached = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.startsWith(Killer.MARK)) {
                    reached.add(line.substring(Killer.MARK.length()));
                }
            }
            return "exit " + exitCode + " after " + millis + " ms, actions reached: " + reached;
        }

        @Override
        public String toString() {
            return summary() + "\n--- its stdout ---\n" + stdout + "--- its stderr ---\n" + stderr;
        }
    }

    /**
     * Runs {@code mailsync --routes <kill routes> sync} in a JVM of its own with {@code HOME} and
     * {@code java.io.tmpdir} of the test's, halted by {@link Killer} at action {@code killAfter}
     * (if positive) or killed by {@code timed} (if not null); returns when it has ended.
     */
    private static Forked fork(Path home, Path dir, int killAfter, TimedKill timed) throws Exception {
        return fork(home, dir, killAfter, timed, ForkedJvm.sharedArchiveOption());
    }

    private static Forked fork(Path home, Path dir, int killAfter, TimedKill timed, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-Djava.io.tmpdir=" + forkTmp, "-Dkill.after=" + killAfter,
                "-cp", ForkedJvm.classpath,
                "org.mailsync.cli.Mailsync", "--routes", routes.toString(), CHANNEL));
        Path out = dir.resolve("killed.out");
        Path err = dir.resolve("killed.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("HOME", home.toString());
        long start = System.nanoTime();
        Process p = builder.start();
        try {
            if (timed != null) {
                killWhenDue(p, timed, home);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the forked mailsync did not end within 120 s: " + Files.readString(err));
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Forked(p.exitValue(), millis, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Makes the forked JVMs start faster (about 40%, most of their cost): the test classpath
     * with its class directories as jars, and an AppCDS archive of the classes a sync loads,
     * dumped by a first forked sync (in the background, while this JVM prepares) that the others
     * map. Without the archive (the dump failed) they just start slower.
     */
    private static final class ForkedJvm {
        static String classpath;
        private static Path archive;
        private static CompletableFuture<Boolean> archived;

        static void prepare() throws Exception {
            Path jars = Files.createDirectories(root.resolve("fork-classpath"));
            List<String> entries = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    Path jar = jars.resolve(entries.size() + ".jar");
                    jar(p, jar);
                    entries.add(jar.toString());
                } else {
                    entries.add(entry);
                }
            }
            classpath = String.join(File.pathSeparator, entries);
            archive = jars.resolve("mailsync.jsa");
            Path home = Files.createDirectories(jars.resolve("home"));
            Files.writeString(home.resolve(".mailsync"), """
                    store laptop  { pat Mail/%     prefix Mail/ }
                    store archive { pat Archive/%  prefix Archive/  format mbox }
                    channel sync laptop archive { msinfo .msinfo }
                    """);
            MailTree.maildir(home.resolve("Mail/inbox"), "d1");
            MailTree.mbox(home.resolve("Archive/inbox"), "d2");
            archived = new CompletableFuture<>();
            Thread dump = new Thread(() -> {
                try {
                    Forked run = fork(home, jars, 0, null, List.of("-XX:ArchiveClassesAtExit=" + archive));
                    boolean ok = run.exitCode() == 0 && Files.isRegularFile(archive);
                    if (!ok) {
                        System.out.println("no AppCDS archive for the forked runs: " + run);
                    }
                    archived.complete(ok);
                } catch (Exception e) {
                    System.out.println("no AppCDS archive for the forked runs: " + e);
                    archived.complete(false);
                }
            }, "kill-at-every-step-cds");
            dump.setDaemon(true);
            dump.start();
        }

        /** The option that maps the archive, once it is made; none if it could not be. */
        static List<String> sharedArchiveOption() throws Exception {
            return archived.get(120, TimeUnit.SECONDS) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
        }

        private static void jar(Path dir, Path jar) throws IOException {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                    String name = dir.relativize(p).toString().replace(File.separatorChar, '/');
                    if (name.isEmpty()) {
                        continue;
                    }
                    boolean isDir = Files.isDirectory(p);
                    // directory entries too: Flyway finds its migrations by listing db/msinfo/
                    out.putNextEntry(new JarEntry(isDir ? name + "/" : name));
                    if (!isDir) {
                        Files.copy(p, out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    /** Polls for the anchor every 2 ms, then kills the run after the delay (unless it ended). */
    private static void killWhenDue(Process p, TimedKill timed, Path home) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (timed.anchor().seen(home)) {
                if (timed.delayMillis() == 0 || !p.waitFor(timed.delayMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
                return;
            }
            Thread.sleep(2);
        }
    }

    /**
     * Called by the kill routes after each copy and each deletion batch: counts them, names each
     * on stderr, and halts the JVM at once at the {@code -Dkill.after}-th (0: never).
     */
    public static final class Killer {
        static final String MARK = "kill-at-every-step: action ";
        private static final int KILL_AFTER = Integer.getInteger("kill.after", 0);
        private static final List<String> ACTIONS = new ArrayList<>();

        private Killer() {
        }

        public static void afterCopy(Exchange exchange) {
            Message m = exchange.getMessage();
            action("copied " + m.getHeader("CamelMailsyncIdentity") + " to " + m.getHeader("CamelMailsyncTargetStore")
                    + " " + m.getHeader("CamelMailsyncTargetFolder"));
        }

        public static void afterDeletions(Exchange exchange) {
            DeletionBatch batch = exchange.getMessage().getBody(DeletionBatch.class);
            action("deleted " + batch.actions().stream().map(a -> a.message().identity()).toList() + " on side "
                    + batch.side() + " " + batch.folder());
        }

        private static void action(String what) {
            int n;
            synchronized (ACTIONS) {
                ACTIONS.add(what);
                n = ACTIONS.size();
            }
            System.err.println(MARK + n + " " + what);
            System.err.flush();
            if (n == KILL_AFTER) {
                Runtime.getRuntime().halt(137);
            }
        }

        static void reset() {
            synchronized (ACTIONS) {
                ACTIONS.clear();
            }
        }

        static List<String> actions() {
            synchronized (ACTIONS) {
                return List.copyOf(ACTIONS);
            }
        }
    }

    // ------------------------------------------------------------------ scenarios

    private interface Scenario {
        String name();

        /** Makes {@code home} the state just before the run under test. */
        void prepare(Path home) throws Exception;

        /** Everything the run could change, to compare before and after a run that should change nothing. */
        Map<String, Object> snapshot(Path home) throws Exception;

        /** What the home holds, briefly (for the report of a failure). */
        default String describe(Path home) throws Exception {
            return "";
        }

        /** Both sides hold exactly {@link #EXPECTED}, each message whole. */
        void checkMail(SoftAssertions softly, Path home, String context) throws Exception;
    }

    /** Maildir ({@code Mail/}) ↔ mbox ({@code Archive/}), prepared once and copied. */
    private static final class Local implements Scenario {
        private final Path template;

        Local(Path template) {
            this.template = template;
        }

        @Override
        public String name() {
            return "maildir-mbox";
        }

        void prepareTemplate() throws Exception {
            Path home = Files.createDirectories(template);
            Files.writeString(home.resolve(".mailsync"), """
                    store laptop  { pat Mail/%     prefix Mail/ }
                    store archive { pat Archive/%  prefix Archive/  format mbox }
                    channel sync laptop archive { msinfo .msinfo }
                    """);
            Path mail = home.resolve("Mail");
            Path archive = home.resolve("Archive");
            MailTree.maildir(mail.resolve("inbox"), "a1", "a2", "a3", "a4");
            MailTree.maildir(mail.resolve("work"), "w1", "w2");
            MailTree.mbox(archive.resolve("inbox"), "b1", "b2");
            MailTree.mbox(archive.resolve("work"), "x1");
            CliRun first = CliRun.run(home, CHANNEL);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(MailTree.mboxIds(archive.resolve("inbox"))).containsExactly("a1", "a2", "a3", "a4", "b1", "b2");

            Files.writeString(mail.resolve("inbox/cur/1600000000.big-a5.test:2,S"), bigMessage("a5"), StandardCharsets.ISO_8859_1);
            MailTree.maildir(mail.resolve("inbox"), "a6");
            MailTree.maildir(mail.resolve("work"), "w3");
            MailTree.maildir(mail.resolve("news"), "n1");
            mboxAppend(archive.resolve("inbox"), "b3");
            Files.writeString(archive.resolve("work"), "From alice@example.org Mon Mar  2 10:00:00 2020\n" + bigMessage("x2") + "\n",
                    StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
            deleteFromMaildir(mail.resolve("inbox"), "a1", "b1");
            mboxDelete(archive.resolve("inbox"), "a2");
            mboxDelete(archive.resolve("work"), "w1");
        }

        @Override
        public void prepare(Path home) throws Exception {
            copyTree(template, home);
        }

        @Override
        public Map<String, Object> snapshot(Path home) throws Exception {
            return localSnapshot(home);
        }

        @Override
        public String describe(Path home) throws Exception {
            Map<String, Object> mail = new TreeMap<>();
            for (String folder : subdirectories(home.resolve("Mail"))) {
                mail.put("Mail/" + folder, maildirMessages(home.resolve("Mail").resolve(folder)));
            }
            for (String file : fileNames(home.resolve("Archive"))) {
                Path f = home.resolve("Archive").resolve(file);
                mail.put("Archive/" + file, file.startsWith(".") || file.endsWith(".lock") ? Files.size(f) + " bytes"
                        : mboxMessages(f));
            }
            return mail.toString();
        }

        @Override
        public void checkMail(SoftAssertions softly, Path home, String context) throws Exception {
            softly.assertThat(subdirectories(home.resolve("Mail"))).as("Maildir folders; " + context)
                    .containsExactlyElementsOf(EXPECTED.keySet());
            softly.assertThat(fileNames(home.resolve("Archive"))).as("mbox folders; " + context)
                    .containsExactlyElementsOf(EXPECTED.keySet());
            for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
                Path maildir = home.resolve("Mail").resolve(e.getKey());
                Path mbox = home.resolve("Archive").resolve(e.getKey());
                softly.assertThat(Files.isDirectory(maildir) ? maildirMessages(maildir) : Map.of())
                        .as("Maildir " + e.getKey() + ": id -> whole?; " + context).isEqualTo(whole(e.getValue()));
                softly.assertThat(Files.isRegularFile(mbox) ? mboxMessages(mbox) : Map.of())
                        .as("mbox " + e.getKey() + ": id -> whole?; " + context).isEqualTo(whole(e.getValue()));
            }
        }
    }

    /** Maildir ({@code Mail/}) ↔ a fresh Dovecot user per case, prepared over IMAP. */
    private static final class Dovecot implements Scenario {
        private final Map<Path, String> users = new LinkedHashMap<>();

        @Override
        public String name() {
            return "maildir-dovecot";
        }

        @Override
        public void prepare(Path home) throws Exception {
            String user = DOVECOT.newUser();
            users.put(home, user);
            Files.createDirectories(home);
            DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
            Path mail = home.resolve("Mail");
            MailTree.maildir(mail.resolve("inbox"), "a1", "a2", "a3", "a4");
            MailTree.maildir(mail.resolve("work"), "w1", "w2");
            try (ImapStore s = server(user)) {
                append(s, "INBOX", "b1", "b2");
                append(s, "work", "x1");
            }
            CliRun first = CliRun.run(home, CHANNEL);
            assertThat(first.exitCode()).as(first.toString()).isZero();

            MailTree.maildir(mail.resolve("inbox"), "a5", "a6");
            MailTree.maildir(mail.resolve("work"), "w3");
            MailTree.maildir(mail.resolve("news"), "n1");
            deleteFromMaildir(mail.resolve("inbox"), "a1", "b1");
            try (ImapStore s = server(user)) {
                assertThat(ids(s, "INBOX")).containsExactly("a1", "a2", "a3", "a4", "b1", "b2");
                append(s, "INBOX", "b3");
                append(s, "work", "x2");
                delete(s, "INBOX", "a2");
                delete(s, "work", "w1");
            }
        }

        private ImapStore server(Path home) {
            return server(users.get(home));
        }

        private static ImapStore server(String user) {
            return DOVECOT.store(user, "/notls", "check");
        }

        private static void append(ImapStore s, String folder, String... ids) throws Exception {
            s.createFolder(folder);
            for (String id : ids) {
                s.append(folder, new ByteArrayInputStream(MailTree.message(id, "subject " + id).getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }
        }

        private static void delete(ImapStore s, String folder, String id) throws Exception {
            for (MessageMeta m : s.index(folder)) {
                if (idOf(m.header()).equals(id)) {
                    s.delete(folder, List.of(m.key()));
                }
            }
        }

        private static List<String> ids(ImapStore s, String folder) throws Exception {
            List<String> ids = new ArrayList<>();
            for (MessageMeta m : s.index(folder)) {
                ids.add(idOf(m.header()));
            }
            ids.sort(null);
            return ids;
        }

        private static String serverName(String folder) {
            return folder.equals("inbox") ? "INBOX" : folder;
        }

        /** The local files, and every message on the server by folder, UID, identity and flags. */
        @Override
        public Map<String, Object> snapshot(Path home) throws Exception {
            Map<String, Object> all = new TreeMap<>(localSnapshot(home));
            try (ImapStore s = server(home)) {
                for (FolderInfo f : s.listFolders("*")) {
                    if (f.selectable()) {
                        List<String> messages = new ArrayList<>();
                        for (MessageMeta m : s.index(f.name())) {
                            messages.add(m.key() + " " + idOf(m.header()) + " " + m.flags());
                        }
                        all.put("{server}" + f.name(), messages);
                    }
                }
            }
            return all;
        }

        @Override
        public void checkMail(SoftAssertions softly, Path home, String context) throws Exception {
            softly.assertThat(subdirectories(home.resolve("Mail"))).as("Maildir folders; " + context)
                    .containsExactlyElementsOf(EXPECTED.keySet());
            try (ImapStore s = server(home)) {
                List<String> folders = new ArrayList<>();
                for (FolderInfo f : s.listFolders("*")) {
                    folders.add(f.name());
                }
                folders.sort(null);
                // The messages the run deleted on the server went to its trash (recoverable
                // deletions): each exactly once, whole, wherever the kill came.
                softly.assertThat(folders).as("server folders; " + context).containsExactly("INBOX", "Trash", "news", "work");
                Map<String, String> trashed = new TreeMap<>();
                if (folders.contains("Trash")) {
                    for (MessageMeta m : s.index("Trash")) {
                        try (InputStream in = s.open("Trash", m.key())) {
                            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
                            add(trashed, idOf(text.getBytes(StandardCharsets.ISO_8859_1)), text);
                        }
                    }
                }
                softly.assertThat(trashed).as("server Trash: id -> whole?; " + context).isEqualTo(whole(List.of("a1", "b1")));
                for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
                    Path maildir = home.resolve("Mail").resolve(e.getKey());
                    softly.assertThat(Files.isDirectory(maildir) ? maildirMessages(maildir) : Map.of())
                            .as("Maildir " + e.getKey() + ": id -> whole?; " + context).isEqualTo(whole(e.getValue()));
                    String folder = serverName(e.getKey());
                    Map<String, String> onServer = new TreeMap<>();
                    List<String> flaggedDeleted = new ArrayList<>();
                    if (folders.contains(folder)) {
                        for (MessageMeta m : s.index(folder)) {
                            String text;
                            try (InputStream in = s.open(folder, m.key())) {
                                text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
                            }
                            add(onServer, idOf(text.getBytes(StandardCharsets.ISO_8859_1)), text);
                            if (m.flags().contains(Flag.DELETED)) {
                                flaggedDeleted.add(idOf(m.header()));
                            }
                        }
                    }
                    softly.assertThat(onServer).as("server " + folder + ": id -> whole?; " + context).isEqualTo(whole(e.getValue()));
                    softly.assertThat(flaggedDeleted).as("server " + folder + ": flagged \\Deleted but not expunged; " + context)
                            .isEmpty();
                }
            }
        }
    }

    // ------------------------------------------------------------------ mail on disk, read and written as text

    /**
     * Every file of the home by its bytes and time, but msinfo by what it remembers (a run
     * records when it synced each pair, folder_pair.synced_at, so the file changes on every run)
     * and the channel lock by its bytes only (a run writes its name into it while it holds it).
     */
    private static Map<String, Object> localSnapshot(Path home) throws Exception {
        Map<String, Object> all = new TreeMap<>(MailTree.checksums(home));
        all.remove(".msinfo");
        // the index cache is a hint a run may refine (it stamps files the run before had just
        // written), never part of what a sync must leave unchanged
        all.remove(".msinfo.index-cache");
        all.put(".msinfo (remembered)", msinfo(home));
        all.computeIfPresent(".msinfo.lock", (name, sum) -> sum.toString().replaceAll("@.*", " (bytes)"));
        return all;
    }

    /** The entries of two snapshots that differ: key → "before -> after". */
    private static Map<String, String> changes(Map<String, Object> before, Map<String, Object> after) {
        Map<String, String> changes = new TreeMap<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changes.put(key, before.get(key) + " -> " + after.get(key));
            }
        }
        return changes;
    }

    /** Boxname → the identities msinfo remembers, sorted. */
    private static Map<String, List<String>> msinfo(Path home) throws Exception {
        Map<String, List<String>> boxes = new TreeMap<>();
        try (MsinfoRepository repo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            for (String box : repo.boxnames(CHANNEL)) {
                List<String> ids = new ArrayList<>(repo.load(CHANNEL, box));
                ids.sort(null);
                boxes.put(box, ids);
            }
        }
        return boxes;
    }

    /** Id → "whole" for every expected message: what {@link #add} gives for an intact, single copy. */
    private static Map<String, String> whole(List<String> ids) {
        Map<String, String> m = new TreeMap<>();
        for (String id : ids) {
            m.put(id, "whole");
        }
        return m;
    }

    /**
     * A message of {@link #BIG} bytes (over the spool threshold, so it goes through the spool
     * directory, and long enough to be caught in the middle of being written), ending in a line
     * that tells it is whole.
     */
    private static String bigMessage(String id) {
        StringBuilder text = new StringBuilder(MailTree.message(id, "subject " + id));
        for (int i = 0; text.length() < BIG; i++) {
            text.append("line ").append(i).append(" of the big message ").append(id).append('\n');
        }
        return text.append(BIG_END).append(id).append('\n').toString();
    }

    private static final int BIG = 4 << 20;
    private static final String BIG_END = "End of the big message ";

    /**
     * Records a message under its id: "whole" if its body is all there (a big one up to its
     * last line), else what is wrong; a duplicate shows too.
     */
    private static void add(Map<String, String> messages, String id, String text) {
        boolean whole = text.contains("\n\nBody of subject " + id + "\n")
                && (!text.contains(" of the big message ") || text.contains(BIG_END + id + "\n"));
        String state = whole ? "whole" : "TRUNCATED to " + text.length() + " chars, ending: "
                + text.substring(Math.max(0, text.length() - 80));
        messages.merge(id, state, (a, b) -> "DUPLICATED: " + a + " + " + b);
    }

    private static Map<String, String> maildirMessages(Path folder) throws IOException {
        Map<String, String> messages = new TreeMap<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    add(messages, idOf(text.getBytes(StandardCharsets.ISO_8859_1)), text);
                }
            }
        }
        return messages;
    }

    private static Map<String, String> mboxMessages(Path file) throws IOException {
        Map<String, String> messages = new TreeMap<>();
        for (String text : mboxChunks(Files.readString(file, StandardCharsets.ISO_8859_1))) {
            add(messages, idOf(text.getBytes(StandardCharsets.ISO_8859_1)), text);
        }
        return messages;
    }

    /** The messages of an mbox, each from its {@code From } line to the next one. */
    private static List<String> mboxChunks(String mbox) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        int next;
        while ((next = mbox.indexOf("\n\nFrom ", start)) >= 0) {
            chunks.add(mbox.substring(start, next + 2));
            start = next + 2;
        }
        if (start < mbox.length()) {
            chunks.add(mbox.substring(start));
        }
        return chunks;
    }

    private static void mboxAppend(Path file, String... ids) throws IOException {
        StringBuilder text = new StringBuilder(Files.readString(file, StandardCharsets.ISO_8859_1));
        for (String id : ids) {
            text.append("From alice@example.org Mon Mar  2 10:00:00 2020\n").append(MailTree.message(id, "subject " + id)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    private static void mboxDelete(Path file, String id) throws IOException {
        StringBuilder kept = new StringBuilder();
        for (String chunk : mboxChunks(Files.readString(file, StandardCharsets.ISO_8859_1))) {
            if (!chunk.contains("Message-ID: <" + id + "@example.org>")) {
                kept.append(chunk);
            }
        }
        Files.writeString(file, kept, StandardCharsets.ISO_8859_1);
    }

    private static void deleteFromMaildir(Path folder, String... ids) throws IOException {
        for (String id : ids) {
            for (String sub : List.of("cur", "new")) {
                try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("Message-ID: <" + id + "@example.org>")) {
                            Files.delete(f);
                        }
                    }
                }
            }
        }
    }

    private static String idOf(byte[] message) {
        Matcher m = MESSAGE_ID.matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "(no Message-ID)";
    }

    private static List<String> subdirectories(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Copies a directory tree with its files' times, so that checksums and mail dates stay as prepared. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
