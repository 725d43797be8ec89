package org.mailsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.report.Console;

/**
 * The user-route examples of docs/ROUTES.md ({@code config/examples/}) run as shipped in the
 * daemon's runtime, with no Java: a timer route calling {@code mailsync:office} and saving its
 * report as JSON, and a {@code from: mailsync:office} consumer logging every run.
 */
class UserRouteExamplesTest {

    @TempDir
    Path home;

    private MailsyncDaemon daemon;

    @BeforeEach
    void office() throws IOException {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel office laptop archive { msinfo .office.db }
                """);
        Path inbox = Files.createDirectories(home.resolve("Mail/inbox"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(inbox.resolve(sub));
        }
        for (int i = 1; i <= 3; i++) {
            Files.writeString(inbox.resolve("cur/" + i + ".host:2,S"),
                    "From: a@example.org\nSubject: m" + i + "\nMessage-ID: <m" + i + "@example.org>\n\nbody " + i + "\n");
        }
        Files.createDirectories(home.resolve("Archive"));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.shutdown();
        }
    }

    @Test
    void aTimerRouteSyncsTheChannelAndSavesItsReportAsJson() throws Exception {
        start("json-report");

        Path reports = home.resolve("reports");
        await(() -> files(reports).size() == 1);

        JsonNode report = new ObjectMapper().readTree(files(reports).get(0).toFile());
        assertThat(report.get("operation").asText()).isEqualTo("sync");
        assertThat(report.get("channel").asText()).isEqualTo("office");
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.get("copied").asInt()).isEqualTo(3);
        assertThat(report.get("folders").get(0).get("boxname").asText()).isEqualTo("INBOX");
        assertThat(Files.readString(home.resolve("Archive/INBOX"))).contains("<m1@example.org>", "<m3@example.org>");
    }

    @Test
    void aConsumerRouteRunsTheChannelAndLogsEachRun() throws Exception {
        start("scheduled-log");

        Path log = home.resolve("office-runs.log");
        await(() -> Files.exists(log));

        assertThat(Files.readString(log)).contains("copied=3 exit=0");
        assertThat(Files.readString(home.resolve("Archive/INBOX"))).contains("<m2@example.org>");
    }

    private void start(String example) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        daemon = new MailsyncDaemon(new MailsyncDaemon.Options(home.resolve(".mailsync"), home,
                Path.of("config/examples", example).toAbsolutePath(), null, "127.0.0.1", home.resolve("runs.jsonl"),
                new Console(quiet, quiet), null));
        daemon.start();
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of(); // a file being written: look again
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 15 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
