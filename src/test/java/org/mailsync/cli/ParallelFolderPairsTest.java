package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.mbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.MsinfoRepository;

/**
 * Folder pairs synced side by side ({@code --parallel N}) give exactly what a sync of one pair
 * after another gives: the same stores, the same msinfo, and the same output byte for byte, in
 * folder order, whatever order the pairs finish in. Two copies of one home directory are
 * synced, one with {@code --parallel 1}, the other with more, and compared; the folders differ
 * much in size, so that later pairs finish before earlier ones.
 */
class ParallelFolderPairsTest {

    private static final String CONFIG = """
            store laptop  { pat Mail/%     prefix Mail/ }
            store archive { pat Archive/%  prefix Archive/  format mbox }
            channel backup laptop archive { msinfo .msinfo }
            """;

    @TempDir
    Path dir;

    Path one;
    Path many;

    @BeforeEach
    void homes() throws Exception {
        one = dir.resolve("one");
        many = dir.resolve("many");
        Path mail = one.resolve("Mail");
        Path archive = one.resolve("Archive");
        Files.createDirectories(mail);
        Files.writeString(one.resolve(".mailsync"), CONFIG);
        // alpha is by far the biggest: the pairs after it finish first
        maildir(mail.resolve("alpha"), ids("alpha", 300));
        mbox(archive.resolve("alpha"), "alpha-0", "alpha-1", "alpha-only-on-archive");
        maildir(mail.resolve("beta"), "beta-1", "beta-2");
        maildir(mail.resolve("gamma"), "gamma-1", null, "gamma-2"); // one without Message-ID
        maildir(mail.resolve("delta"), "delta-1", "delta-1");        // an identical duplicate
        maildir(mail.resolve("epsilon"));
        mbox(archive.resolve("zeta"), "zeta-1", "zeta-2", "zeta-3"); // only on the archive: created on laptop
        maildir(mail.resolve("eta"), ids("eta", 40));
        mbox(archive.resolve("eta"), "eta-0", "eta-archive-1");
        maildir(mail.resolve("theta"), ids("theta", 60));
        copy(one, many);
    }

    @Test
    void parallelPairsGiveTheStoresStateAndOutputOfOneAfterAnother() throws Exception {
        CliRun first = CliRun.run(one, "--parallel", "1", "-m", "backup");
        CliRun firstParallel = CliRun.run(many, "--parallel", "4", "-m", "backup");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertSame(first, firstParallel);
        assertThat(first.out()).contains(" *** alpha ***", " *** theta ***", " *** zeta ***");

        // changes on both sides, including a folder emptied by the user (its 2 deletions pass), a
        // wiped big one (its 60 deletions held by the breaker while new mail is still copied) and
        // a vanished one (warnings on stderr)
        for (Path home : List.of(one, many)) {
            deleteMaildirMessages(home.resolve("Mail/beta"));
            deleteMaildirMessages(home.resolve("Mail/theta"));
            mbox(home.resolve("Archive/eta"), "eta-0", "eta-1", "eta-new");
            Files.delete(home.resolve("Archive/delta"));
        }
        maildir(one.resolve("Mail/theta"), "theta-new");
        copy(one.resolve("Mail/theta"), many.resolve("Mail/theta")); // with its time, which the archive's From line shows

        CliRun second = CliRun.run(one, "--parallel", "1", "backup");
        CliRun secondParallel = CliRun.run(many, "--parallel", "8", "backup");

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(2); // the held deletions and the vanished folder
        assertThat(second.err()).contains("Warning: folder \"theta\": 60 of 60 synced messages were deleted on store laptop",
                "Warning: folder \"delta\" has vanished").doesNotContain("folder \"beta\"");
        assertThat(second.out()).contains("beta: \n2 deleted on archive.\n0 remain.\n",
                "theta: \n1 copied laptop->archive.\n60 to delete on archive held back (maxdelete).\n61 remain.\n");
        assertSame(second, secondParallel);
    }

    @Test
    void pairsOverlapButNeverMoreThanParallel() throws Exception {
        Path routes = gaugedRoutes();

        Gauge.reset();
        CliRun three = CliRun.run(many, "--routes", routes.toString(), "--parallel", "3", "backup");
        assertThat(three.exitCode()).as(three.toString()).isZero();
        assertThat(Gauge.pairs()).isEqualTo(8);
        assertThat(Gauge.most()).as("folder pairs in flight at once").isBetween(2, 3);

        Gauge.reset();
        CliRun sequential = CliRun.run(one, "--routes", routes.toString(), "--parallel", "1", "backup");
        assertThat(Gauge.pairs()).isEqualTo(8);
        assertThat(Gauge.most()).as("folder pairs in flight at once").isEqualTo(1);
        assertThat(sequential.out()).isEqualTo(three.out());
    }

    @Test
    void theDebugLogShowsPairsInFlight() {
        CliRun run = CliRun.run(many, "-d", "--parallel", "2", "backup");

        assertThat(run.log()).containsPattern("folder pair \\w+ begins \\(2 of 2 in flight\\)")
                .doesNotContain("(3 of 2 in flight)");
    }

    @Test
    void theParallelOptionMustBeANumberFromOneTo64AndNotScheduled() {
        for (String bad : new String[] {"0", "65", "four", "-1", "2.5"}) {
            CliRun run = CliRun.run(one, "--parallel", bad, "backup");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("Error: --parallel takes a number of folder pairs from 1 to 64, not \"" + bad
                    + "\"\n");
        }
        assertThat(one.resolve(".msinfo")).doesNotExist();

        CliRun scheduled = CliRun.run(one, "--schedule", "15m", "--parallel", "2", "backup");
        assertThat(scheduled.exitCode()).as(scheduled.toString()).isEqualTo(1);
        assertThat(scheduled.err()).isEqualTo("Error: --parallel does not apply to --schedule; give the channel"
                + " \"parallel 2\" in the config instead\n");
    }

    @Test
    void theChannelsParallelIsUsedUnlessTheCommandLineSaysOtherwise() throws Exception {
        Files.writeString(many.resolve(".mailsync"), CONFIG.replace("{ msinfo .msinfo }", "{ msinfo .msinfo  parallel 1 }"));
        Path routes = gaugedRoutes();

        Gauge.reset();
        CliRun fromChannel = CliRun.run(many, "--routes", routes.toString(), "backup");
        assertThat(fromChannel.exitCode()).as(fromChannel.toString()).isZero();
        assertThat(Gauge.most()).as("the channel's parallel 1").isEqualTo(1);

        Gauge.reset();
        CliRun fromOption = CliRun.run(many, "--routes", routes.toString(), "--parallel", "4", "backup");
        assertThat(fromOption.exitCode()).as(fromOption.toString()).isZero();
        assertThat(Gauge.most()).as("--parallel 4 wins over the channel's").isGreaterThan(1);
    }

    // ------------------------------------------------------------------ comparing two homes

    private void assertSame(CliRun sequential, CliRun parallel) throws Exception {
        assertThat(parallel.exitCode()).as(parallel.toString()).isEqualTo(sequential.exitCode());
        assertThat(parallel.out()).as("standard output").isEqualTo(sequential.out());
        assertThat(parallel.err()).as("standard error").isEqualTo(sequential.err());
        assertThat(folders(many)).as("the stores").isEqualTo(folders(one));
        assertThat(msinfo(many)).as("msinfo").isEqualTo(msinfo(one));
    }

    /** Every folder's messages by content (and Maildir flags): file names and order aside. */
    private static Map<String, List<String>> folders(Path home) throws IOException {
        Map<String, List<String>> folders = new TreeMap<>();
        for (String store : List.of("Mail", "Archive")) {
            try (Stream<Path> entries = Files.list(home.resolve(store))) {
                for (Path folder : (Iterable<Path>) entries::iterator) {
                    List<String> messages = new ArrayList<>();
                    if (Files.isDirectory(folder.resolve("cur"))) {
                        for (String sub : List.of("cur", "new")) {
                            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                                for (Path f : (Iterable<Path>) files::iterator) {
                                    String name = f.getFileName().toString();
                                    int info = name.indexOf(":2,"); // the flags; the rest of a name is unique per delivery
                                    messages.add(sub + " " + sha256(f) + (info < 0 ? "" : name.substring(info)));
                                }
                            }
                        }
                        messages.sort(null);
                    } else if (Files.isRegularFile(folder)) {
                        messages.add(sha256(folder));
                    }
                    folders.put(home.relativize(folder).toString(), messages);
                }
            }
        }
        return folders;
    }

    private static Map<String, Set<String>> msinfo(Path home) throws Exception {
        Map<String, Set<String>> boxes = new TreeMap<>();
        try (MsinfoRepository msinfo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            for (String box : msinfo.boxnames("backup")) {
                boxes.put(box, msinfo.load("backup", box));
            }
        }
        return boxes;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ building the homes

    private static String[] ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toArray(String[]::new);
    }

    /** Copies a home directory with its files' times, which the output's date column and mbox From lines show. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteMaildirMessages(Path folder) throws IOException {
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
    }

    /** The built-in route set with the gauge as the first step of every folder pair that is synced. */
    private Path gaugedRoutes() throws IOException {
        return EditedRoutes.write(dir.resolve("gauged-routes"), """
                        - bean:
                            id: check-settled
                """, """
                        - bean:
                            id: gauge-folder-pair
                            beanType: org.mailsync.cli.ParallelFolderPairsTest$Gauge
                            method: enter
                        - bean:
                            id: check-settled
                """);
    }

    /**
     * Counts the folder pairs in flight: from a pair's first step after its stores are leased
     * to the completion of its exchange. Each stays a moment, so that pairs that can overlap do.
     */
    public static final class Gauge {
        private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
        private static final AtomicInteger MOST = new AtomicInteger();
        private static final AtomicInteger PAIRS = new AtomicInteger();

        static void reset() {
            IN_FLIGHT.set(0);
            MOST.set(0);
            PAIRS.set(0);
        }

        static int most() {
            return MOST.get();
        }

        static int pairs() {
            return PAIRS.get();
        }

        /** The gauge step: one more pair in flight until its exchange completes. */
        public static void enter(Exchange exchange) throws InterruptedException {
            PAIRS.incrementAndGet();
            MOST.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    IN_FLIGHT.decrementAndGet();
                }
            });
            Thread.sleep(150);
        }
    }
}
