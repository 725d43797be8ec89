package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.mbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.report.ActionReport;
import org.mailsync.report.Console;
import org.mailsync.report.FolderReport;
import org.mailsync.report.RunReport;

/**
 * The {@code parallel} option of a {@code mailsync:} endpoint: the run's report is the same,
 * list for list and line for line, however many folder pairs run at once, a warning said once
 * per run included; the option is checked; and a runtime that stops lets the pairs in flight
 * finish and commit while the ones not begun are left for the next run.
 */
class ParallelFolderPairsReportTest extends RouteSetTestSupport {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CountDownLatch firstCopy = new CountDownLatch(1);
    private volatile boolean broken;
    private volatile boolean slow;

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind("captured", new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // A user's extension point that fails on every copy: said once per run, by the first pair.
                from("direct:mailsync-copied-broken").routeId("broken-extension")
                        .filter(e -> broken && !"a-big".equals(e.getMessage().getHeader(MailsyncConstants.BOXNAME)))
                        .throwException(new IllegalStateException("disk full"));
                // A slow one, for the stop test: every copy takes a moment.
                from("direct:mailsync-copied-slow").routeId("slow-extension")
                        .filter(e -> slow)
                        .process(e -> firstCopy.countDown())
                        .delay(150);
            }
        };
    }

    @Test
    void theReportIsTheSameWhateverTheParallel() throws Exception {
        Path pristine = home.resolve("pristine");
        broken = true;
        folders();
        copy(home, pristine, "Mail", "Archive");

        RunReport one = report(uri("backup", "parallel=1&console=#captured"));
        String outOne = text(out);
        String errOne = text(err);
        reset(pristine);
        RunReport four = report(uri("backup", "parallel=4&console=#captured"));

        assertThat(withoutTimes(four)).isEqualTo(withoutTimes(one));
        assertThat(text(out)).isEqualTo(outOne);
        assertThat(text(err)).isEqualTo(errOne);
        assertThat(one.warnings()).hasSize(1);
        assertThat(errOne).startsWith("Warning: a route on direct:mailsync-copied-broken failed (disk full)");
        assertThat(one.folders()).extracting(FolderReport::boxname)
                .containsExactly("a-big", "b", "c", "d", "e", "f", "g", "h");
        assertThat(one.actions()).extracting(ActionReport::boxname).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(one.copied()).isEqualTo(200 + 6 * 3 + 2);
    }

    @Test
    void parallelIsANumberFromOneTo64() {
        for (String bad : new String[] {"0", "65", "-3"}) {
            Exchange reply = request(uri("backup", "parallel=" + bad), java.util.Map.of());
            assertThat(reply.getException()).as(bad).hasMessageContaining("mailsync:backup: parallel " + bad
                    + " is not a number of folder pairs synced at once from 1 to 64");
        }
        // not a number at all: Camel refuses the endpoint, naming the option
        assertThatThrownBy(() -> request(uri("backup", "parallel=many"), java.util.Map.of()))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("parallel=many");
        assertThat(home.resolve(".msinfo")).doesNotExist();
    }

    @Test
    void stoppingFinishesThePairsInFlightAndLeavesTheOthersForTheNextRun() throws Exception {
        for (String folder : List.of("a", "b", "c", "d", "e", "f")) {
            maildir(mail.resolve(folder), ids(folder, 5));
        }
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            slow = true;
            Future<Exchange> run = client.submit(() -> template.send(uri("backup", "parallel=2"), e -> { }));
            assertThat(firstCopy.await(20, TimeUnit.SECONDS)).as("the run copies").isTrue();

            context.stop(); // graceful: waits for the run in flight

            RunReport report = run.get(30, TimeUnit.SECONDS).getMessage().getBody(RunReport.class);
            assertThat(report.exitCode()).isEqualTo(2);
            assertThat(report.folders()).extracting(FolderReport::boxname).containsExactly("a", "b");
            assertThat(report.copied()).isEqualTo(10);
            assertThat(report.warnings()).containsExactly(
                    "mailsync is stopping: folder \"c\" and the ones after it are left for the next run");
        } finally {
            client.shutdownNow();
        }
        try (MsinfoRepository msinfo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            assertThat(msinfo.boxnames("backup")).containsExactlyInAnyOrder("a", "b");
            assertThat(msinfo.load("backup", "a")).hasSize(5);
        }
        assertThat(archive.resolve("c")).doesNotExist();
    }

    /** Folders that differ much in size, so that pairs finish out of folder order. */
    private void folders() throws IOException {
        maildir(mail.resolve("a-big"), ids("a", 200));
        for (String folder : List.of("b", "c", "d", "e", "f", "g")) {
            maildir(mail.resolve(folder), ids(folder, 3));
        }
        mbox(archive.resolve("h"), "h1", "h2");
    }

    private static String[] ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    /** A report without what differs between any two runs: when and how long. */
    private static RunReport withoutTimes(RunReport r) {
        return new RunReport(r.operation(), r.channel(), r.stores(), r.simulated(), "", 0, r.exitCode(), r.copied(),
                r.deleted(), r.failed(), r.folders(), r.actions(), r.errors(), r.warnings());
    }

    private static String text(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        stream.reset();
        return text;
    }

    /** Puts the stores back as they were before the first run, and forgets its state. */
    private void reset(Path pristine) throws IOException {
        for (String dir : List.of("Mail", "Archive")) {
            delete(home.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith(".msinfo")) {
                    Files.delete(f);
                }
            }
        }
        copy(pristine, home, "Mail", "Archive");
    }

    /** Copies directories with their files' times, which mbox From lines show. */
    private static void copy(Path from, Path to, String... dirs) throws IOException {
        for (String dir : dirs) {
            Path root = from.resolve(dir);
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
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

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
