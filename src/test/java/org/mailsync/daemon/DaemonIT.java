package org.mailsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.checksums;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.mboxIds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.cli.Mailsync;
import org.mailsync.msinfo.MsinfoRepository;

/**
 * {@code mailsync daemon} as the real program in its own JVM, the way a service manager runs
 * it: each scheduled channel runs on its own schedule and is recorded in the run log,
 * {@code /observe/health} and {@code /observe/metrics} tell the truth about the channels,
 * SIGTERM lets the folder pair in progress finish and commit and exits 0, and a config that
 * cannot run stops it at once with exit 1 and one clear error line. The tests under "bugs
 * found" show defects of the daemon and fail until they are fixed.
 */
class DaemonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Generous for a JVM start on a loaded machine; every wait polls and usually ends far sooner. */
    private static final Duration START = Duration.ofSeconds(20);

    private static final String LOCAL_STORES = """
            store laptop  { pat Mail/%     prefix Mail/ }
            store archive { pat Archive/%  prefix Archive/  format mbox }
            """;

    @TempDir
    Path home;

    /** The processes' stdout and stderr, and run logs: kept out of the home whose files are compared. */
    @TempDir
    Path logs;

    private final List<MailsyncProcess> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (MailsyncProcess p : processes) {
            p.close();
        }
    }

    private MailsyncProcess started(String... args) throws IOException {
        MailsyncProcess p = MailsyncProcess.start(home, logs, args);
        processes.add(p);
        return p;
    }

    // ------------------------------------------------------------------ one daemon, two channels

    private static final String TWO_CHANNELS = """
            store work    { pat Work/%     prefix Work/ }
            store backup  { pat Backup/%   prefix Backup/  format mbox }
            channel often  laptop archive { msinfo .msinfo-often   schedule 1s }
            channel seldom work   backup  { msinfo .msinfo-seldom  schedule 3s }
            """;

    /**
     * One daemon with two channels on different schedules, each with its own stores and msinfo
     * ({@code often} every second, {@code seldom} every three seconds), serving /observe on a
     * free port; one process for four steps, each a method below: the runs, health and
     * metrics, a server that goes away and comes back, SIGTERM.
     */
    @Test
    void twoScheduledChannelsRunAndAreRecordedAndObservedUntilSigterm() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        mbox(home.resolve("Archive/inbox"), "b1");
        maildir(home.resolve("Work/projects"), "w1", "w2");
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + TWO_CHANNELS);
        int port = freePort();
        Path runLog = logs.resolve("runs.jsonl");
        long startedAt = Instant.now().getEpochSecond();

        MailsyncProcess daemon = started("daemon", "--http-port", String.valueOf(port), "--run-log", runLog.toString());

        eachChannelRunsOnItsOwnScheduleAndSyncsItsStores(daemon, runLog, startedAt);
        healthIsUpAndMetricsCountEachChannel(daemon, port, runLog, startedAt);
        anUnreachableServerTurnsReadinessDownNamingTheChannelUntilItIsBack(daemon, port, runLog);
        sigtermStopsItWithExitZero(daemon);
    }

    private void eachChannelRunsOnItsOwnScheduleAndSyncsItsStores(MailsyncProcess daemon, Path runLog, long startedAt)
            throws Exception {
        daemon.await("channel seldom has run twice", START, () -> runs(runLog, "seldom").size() >= 2);

        List<JsonNode> often = runs(runLog, "often");
        List<JsonNode> seldom = runs(runLog, "seldom");
        assertThat(often.size()).as("runs of often (1s) vs seldom (3s)").isGreaterThan(seldom.size());
        // a duration is the pause between the end of a run and the start of the next
        assertThat(gapsMillis(often)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(1000 - 50));
        assertThat(gapsMillis(seldom)).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(3000 - 50));
        for (JsonNode run : concat(often, seldom)) {
            assertThat(run.get("exitCode").asInt()).as(run.toString()).isZero();
            assertThat(run.get("status").asText()).isEqualTo("ok");
            assertThat(run.get("errors")).isEmpty();
            assertThat(run.get("durationMillis").asLong()).isNotNegative();
            assertThat(Instant.parse(run.get("start").asText())).isAfterOrEqualTo(Instant.ofEpochSecond(startedAt));
        }
        // the first run of each copies, the later ones find nothing to do
        assertThat(often.get(0).get("copied").asInt()).isEqualTo(3);
        assertThat(seldom.get(0).get("copied").asInt()).isEqualTo(2);
        assertThat(concat(often.subList(1, often.size()), seldom.subList(1, seldom.size())))
                .allSatisfy(run -> assertThat(run.get("copied").asInt() + run.get("deleted").asInt()).isZero());

        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(maildirIds(home.resolve("Work/projects"))).containsExactly("w1", "w2");
        assertThat(mboxIds(home.resolve("Backup/projects"))).containsExactly("w1", "w2");
    }

    private void healthIsUpAndMetricsCountEachChannel(MailsyncProcess daemon, int port, Path runLog, long startedAt)
            throws Exception {
        // (every channel has run by now; Camel's own consumer checks are DOWN until then)
        awaitStatus(daemon, port, "/observe/health", 200, Duration.ofSeconds(5));

        HttpResponse<String> health = get(port, "/observe/health");
        assertThat(JSON.readTree(health.body()).get("status").asText()).as(health.body()).isEqualTo("UP");
        HttpResponse<String> ready = get(port, "/observe/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

        int seldomRunsBefore = runs(runLog, "seldom").size();
        String metrics = get(port, "/observe/metrics").body();
        int seldomRuns = runs(runLog, "seldom").size();
        long now = Instant.now().getEpochSecond();
        assertThat(metric(metrics, "mailsync_messages_copied_total", "often")).isEqualTo(3.0);
        assertThat(metric(metrics, "mailsync_messages_copied_total", "seldom")).isEqualTo(2.0);
        assertThat(metric(metrics, "mailsync_messages_deleted_total", "often")).isZero();
        assertThat(metric(metrics, "mailsync_messages_failed_total", "seldom")).isZero();
        // a run's line is written just before its counters go up
        assertThat(metric(metrics, "mailsync_runs_total", "seldom")).isBetween(seldomRunsBefore - 1.0, (double) seldomRuns)
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metric(metrics, "mailsync_run_duration_seconds_count", "seldom"))
                .isBetween(seldomRunsBefore - 1.0, (double) seldomRuns).isGreaterThanOrEqualTo(1.0);
        assertThat(metric(metrics, "mailsync_last_success_seconds", "seldom")).isBetween((double) startedAt, (double) now);
        assertThat(metric(metrics, "mailsync_last_success_seconds", "often")).isBetween((double) startedAt, (double) now);
    }

    private void anUnreachableServerTurnsReadinessDownNamingTheChannelUntilItIsBack(MailsyncProcess daemon, int port,
                                                                                     Path runLog) throws Exception {
        int closedPort = freePort();
        Path config = home.resolve(".mailsync");
        String reachable = Files.readString(config);
        int runsBefore = runs(runLog, "often").size();
        // the server of channel often goes away: its config now names an IMAP port nothing listens on
        replace(config, LOCAL_STORES + """
                store remote {
                    server {127.0.0.1:%d/user=alice/notls}
                    ref    {127.0.0.1:%d}
                    pat    INBOX
                    passwd secret
                }
                """.formatted(closedPort, closedPort) + TWO_CHANNELS.replace("often  laptop archive", "often  laptop remote"));

        awaitStatus(daemon, port, "/observe/health/ready", 503, Duration.ofSeconds(10));

        JsonNode ready = JSON.readTree(get(port, "/observe/health/ready").body());
        assertThat(ready.get("status").asText()).isEqualTo("DOWN");
        JsonNode check = check(ready, "mailsync-channels");
        assertThat(check.get("status").asText()).isEqualTo("DOWN");
        assertThat(check.get("message").asText()).as(check.toString()).startsWith("channel often: ")
                .contains("127.0.0.1:" + closedPort).doesNotContain("seldom", "secret");
        assertThat(get(port, "/observe/health").statusCode()).isEqualTo(503);
        List<JsonNode> often = runs(runLog, "often");
        assertThat(often.size()).isGreaterThan(runsBefore);
        JsonNode failed = often.get(often.size() - 1);
        assertThat(failed.get("exitCode").asInt()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.get("status").asText()).isEqualTo("error");
        assertThat(failed.get("errors").get(0).asText()).contains("127.0.0.1:" + closedPort);
        // an unreachable server changes nothing
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(metric(get(port, "/observe/metrics").body(), "mailsync_messages_copied_total", "often")).isEqualTo(3.0);

        // the server is back: the next good run makes the daemon ready again
        replace(config, reachable);
        awaitStatus(daemon, port, "/observe/health/ready", 200, Duration.ofSeconds(10));
        assertThat(JSON.readTree(get(port, "/observe/health").body()).get("status").asText()).isEqualTo("UP");
    }

    private static void sigtermStopsItWithExitZero(MailsyncProcess daemon) throws Exception {
        daemon.terminate();

        assertThat(daemon.awaitExit(Duration.ofSeconds(15))).as(daemon.toString()).isZero();
        assertThat(daemon.stderr()).contains("mailsync daemon: running [often, seldom]", "mailsync daemon: stopped.")
                .doesNotContain("Exception");
    }

    // ------------------------------------------------------------------ SIGTERM in the middle of a run

    @Test
    void sigtermFinishesTheFolderPairInProgressAndTheNextRunConverges() throws Exception {
        List<String> alphaIds = List.of("alpha1", "alpha2", "alpha3", "alpha4", "alpha5");
        List<String> betaIds = List.of("beta1", "beta2", "beta3", "beta4", "beta5");
        maildir(home.resolve("Mail/alpha"), alphaIds.toArray(String[]::new));
        maildir(home.resolve("Mail/beta"), betaIds.toArray(String[]::new));
        // parallel 1: the test proves that the pair in flight finishes and the next is left,
        // so only one may be in flight (with more, each one in flight finishes: the same rule)
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + """
                channel backup laptop archive { msinfo .msinfo  schedule 1h  parallel 1 }
                """);
        // A user's route at the extension point each copy calls synchronously: every copy takes 300 ms more.
        Path routes = Files.createDirectories(logs.resolve("routes"));
        Files.writeString(routes.resolve("slow.camel.yaml"), """
                - route:
                    id: slow-copies
                    from:
                      uri: direct:mailsync-copied-slow
                      steps:
                        - delay:
                            constant: 300
                """);
        Path runLog = logs.resolve("runs.jsonl");
        Path alpha = home.resolve("Archive/alpha");
        Path beta = home.resolve("Archive/beta");
        MailsyncProcess daemon = started("daemon", "--routes", routes.toString(), "--run-log", runLog.toString());

        daemon.await("the first message of folder alpha is on the archive", START, () -> !mboxIds(alpha).isEmpty());
        int copiedAtSigterm = mboxIds(alpha).size();
        daemon.terminate();

        assertThat(copiedAtSigterm).as("SIGTERM came while folder alpha was being copied").isLessThan(alphaIds.size());
        assertThat(daemon.awaitExit(Duration.ofSeconds(15))).as(daemon.toString()).isZero();
        // the pair in progress was finished and its msinfo committed ...
        assertThat(mboxIds(alpha)).containsExactlyElementsOf(alphaIds);
        try (MsinfoRepository msinfo = MsinfoRepository.openReadOnly(home.resolve(".msinfo"))) {
            assertThat(msinfo.boxnames("backup")).containsExactly("alpha");
            assertThat(msinfo.load("backup", "alpha")).containsExactlyInAnyOrderElementsOf(
                    alphaIds.stream().map(id -> "<" + id + "@example.org>").toList());
            assertThat(msinfo.load("backup", "beta")).isEmpty();
        }
        // ... the later one left for the next run, and said so
        assertThat(beta).doesNotExist();
        assertThat(daemon.stderr()).contains(
                "Warning: mailsync is stopping: folder \"beta\" and the ones after it are left for the next run",
                "mailsync daemon: stopped.");
        List<JsonNode> runs = runs(runLog, "backup");
        assertThat(runs).as("the interrupted run is in the run log").hasSize(1);
        assertThat(runs.get(0).get("copied").asInt()).isEqualTo(alphaIds.size());
        assertThat(runs.get(0).get("status").asText()).isEqualTo("incomplete");

        Cli next = Cli.run(home, "backup");

        assertThat(next.exit()).as(next.toString()).isZero();
        assertThat(next.out()).contains("alpha: \n5 remain.", "beta: \ncreated on archive.\n5 copied laptop->archive.\n5 remain.");
        assertThat(mboxIds(alpha)).containsExactlyElementsOf(alphaIds);
        assertThat(mboxIds(beta)).containsExactlyElementsOf(betaIds);
        assertThat(maildirIds(home.resolve("Mail/alpha"))).containsExactlyElementsOf(alphaIds);
        assertThat(maildirIds(home.resolve("Mail/beta"))).containsExactlyElementsOf(betaIds);
        Map<String, String> converged = checksums(home, ".msinfo");

        Cli again = Cli.run(home, "backup");

        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("copied", "deleted", "created");
        assertThat(checksums(home, ".msinfo")).isEqualTo(converged);
    }

    // ------------------------------------------------------------------ mailsync --schedule CHANNEL

    @Test
    void scheduleShorthandSyncsTheChannelAgainAndAgainUntilSigterm() throws Exception {
        maildir(home.resolve("Mail/work"), "a1");
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + "channel backup laptop archive { msinfo .msinfo }\n");
        Path runLog = home.resolve(".mailsync-runs.jsonl");
        Path archived = home.resolve("Archive/work");
        MailsyncProcess sync = started("--schedule", "1s", "backup");

        sync.await("the first run", START, () -> runs(runLog, "backup").size() >= 1);
        maildir(home.resolve("Mail/work"), "a2");
        sync.await("a later run copies the new message", Duration.ofSeconds(10),
                () -> runs(runLog, "backup").stream().mapToInt(r -> r.get("copied").asInt()).sum() == 2);
        sync.terminate();

        assertThat(sync.awaitExit(Duration.ofSeconds(15))).as(sync.toString()).isZero();
        assertThat(mboxIds(archived)).containsExactly("a1", "a2");
        List<JsonNode> runs = runs(runLog, "backup");
        assertThat(runs.size()).isGreaterThanOrEqualTo(2);
        assertThat(runs).allSatisfy(run -> assertThat(run.get("exitCode").asInt()).as(run.toString()).isZero());
    }

    // ------------------------------------------------------------------ configs that cannot run

    @Test
    void withoutAnyScheduledChannelTheDaemonExitsOneAtOnce() throws Exception {
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + "channel backup laptop archive { msinfo .msinfo }\n");
        Path runLog = logs.resolve("runs.jsonl");

        MailsyncProcess daemon = started("daemon", "--run-log", runLog.toString());

        assertThat(daemon.awaitExit(Duration.ofSeconds(10))).as(daemon.toString()).isEqualTo(1);
        assertThat(daemon.stderr().lines().toList()).as(daemon.toString()).singleElement().asString()
                .startsWith("Error: no channel of " + home.resolve(".mailsync") + " has a schedule")
                .contains("\"schedule 15m\"");
        assertThat(daemon.stdout()).isEmpty();
        assertThat(runLog).doesNotExist();
        assertThat(home.resolve(".msinfo")).doesNotExist();
    }

    @Test
    void aBadScheduleIsAConfigErrorNamingFileAndLine() throws Exception {
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + """
                channel backup laptop archive {
                    msinfo   .msinfo
                    schedule 15x
                }
                """);

        MailsyncProcess daemon = started("daemon", "--run-log", logs.resolve("runs.jsonl").toString());

        assertThat(daemon.awaitExit(Duration.ofSeconds(10))).as(daemon.toString()).isEqualTo(1);
        assertThat(daemon.stderr().lines().toList()).as(daemon.toString()).containsExactly(
                "Error: " + home.resolve(".mailsync") + ":5: schedule \"15x\" in channel \"backup\" is neither a duration"
                        + " (15m, 1h, 90s) nor a Quartz cron expression (\"0 0/15 * * * ?\")");
    }

    // ------------------------------------------------------------------ bugs found while writing this suite

    /**
     * BUG: Camel's consumer health check (readiness) is DOWN, "Consumer has not yet polled
     * route: mailsync-channel-NAME", until a channel's first run has ended; for a cron channel
     * that is its first fire, up to an hour for {@code "0 0 * * * ?"}, and a daily one keeps the
     * daemon unready for a day after each restart. Readiness should be what ChannelReadiness
     * says. Fix: {@code camel.health.consumersEnabled=false} in MailsyncDaemon.start().
     */
    @Test
    void aCronChannelWaitingForItsFirstFireLeavesTheDaemonReady() throws Exception {
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + """
                channel backup laptop archive { msinfo .msinfo  schedule "0 0 0 1 1 ?" }
                """);
        int port = freePort();
        MailsyncProcess daemon = started("daemon", "--http-port", String.valueOf(port), "--run-log",
                logs.resolve("runs.jsonl").toString());
        daemon.await("/observe/health/ready answers", START, () -> get(port, "/observe/health/ready") != null);

        // The routes of the channels are added just after the HTTP server starts: allow for that.
        awaitStatus(daemon, port, "/observe/health/ready", 200, Duration.ofSeconds(3));
    }

    /**
     * BUG: with {@code --http-port} on a port another process holds, the daemon logs Vert.x's
     * "Address already in use" stack trace and runs its channels anyway, for ever, with no
     * /observe of its own (probes reach whatever holds the port). It should exit 1 with an
     * error line naming the address, before any channel runs.
     */
    @Test
    void aBusyHttpPortIsAnErrorBeforeAnyChannelRuns() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1");
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + """
                channel backup laptop archive { msinfo .msinfo  schedule 1s }
                """);
        Path runLog = logs.resolve("runs.jsonl");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            MailsyncProcess daemon = started("daemon", "--http-port", String.valueOf(taken.getLocalPort()),
                    "--run-log", runLog.toString());

            MailsyncProcess.poll("the daemon exits or runs a channel", START,
                    () -> !daemon.isAlive() || !runs(runLog, "backup").isEmpty(), daemon::toString);

            assertThat(runs(runLog, "backup")).as("channels ran without /observe\n" + daemon).isEmpty();
            assertThat(daemon.awaitExit(Duration.ofSeconds(5))).as(daemon.toString()).isEqualTo(1);
            assertThat(daemon.stderr()).contains("Error: ", "127.0.0.1:" + taken.getLocalPort());
        }
    }

    /**
     * BUG: {@code MailsyncDaemon.run()} installs its SIGTERM/SIGINT handlers before it checks
     * the config and never gives them back, so in a JVM that ran {@code Mailsync.run("daemon",
     * ...)} in-process (an embedding, a test) SIGTERM and Ctrl-C do nothing any more once it has
     * returned, here after refusing a config without schedules. It should restore the JVM's
     * handlers when it returns.
     */
    @Test
    void aDaemonThatReturnedLeavesSigtermToTheJvm() throws Exception {
        Files.writeString(home.resolve(".mailsync"), LOCAL_STORES + "channel backup laptop archive { msinfo .msinfo }\n");
        MailsyncProcess jvm = MailsyncProcess.start(InProcessDaemon.class.getName(), home, logs, home.toString());
        processes.add(jvm);
        jvm.await("the in-process daemon has returned", START, () -> jvm.stdout().contains("returned 1"));

        jvm.terminate();

        // 143: the JVM's own answer to SIGTERM (128 + 15)
        assertThat(jvm.awaitExit(Duration.ofSeconds(5))).as(jvm.toString()).isEqualTo(143);
    }

    /** A JVM that runs {@code mailsync daemon} in-process, then goes on with other work. */
    static final class InProcessDaemon {
        public static void main(String[] args) throws InterruptedException {
            int code = Mailsync.run(new String[] {"daemon"}, Path.of(args[0]), System.out, System.err);
            System.out.println("returned " + code);
            Thread.sleep(60_000);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The complete lines of the run log for a channel, oldest first (none if there is no log yet). */
    static List<JsonNode> runs(Path runLog, String channel) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        if (!Files.exists(runLog)) {
            return runs;
        }
        String text = Files.readString(runLog, StandardCharsets.UTF_8);
        // a line being appended has no newline yet
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                JsonNode run = JSON.readTree(line);
                if (run.get("channel").asText().equals(channel)) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    /** Milliseconds between the starts of consecutive runs. */
    private static List<Long> gapsMillis(List<JsonNode> runs) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            gaps.add(Duration.between(Instant.parse(runs.get(i - 1).get("start").asText()),
                    Instant.parse(runs.get(i).get("start").asText())).toMillis());
        }
        return gaps;
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the path until it answers with the status; the failure shows the last answer. */
    static void awaitStatus(MailsyncProcess daemon, int port, String path, int status, Duration limit)
            throws InterruptedException {
        daemon.await(path + " answers " + status, limit, () -> {
            HttpResponse<String> r = get(port, path);
            if (r.statusCode() != status) {
                throw new IllegalStateException("answered " + r.statusCode() + " " + r.body());
            }
            return true;
        });
    }

    /** A health answer's check by name. */
    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** A sample's value in Prometheus text, for the series with just the channel tag. */
    static double metric(String prometheus, String name, String channel) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{channel=\"" + Pattern.quote(channel) + "\"} (\\S+)$")
                .matcher(prometheus);
        if (!m.find()) {
            throw new AssertionError("no " + name + "{channel=\"" + channel + "\"} in:\n" + prometheus);
        }
        return Double.parseDouble(m.group(1));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Replaces a file in one step, as an editor that saves atomically does: a run never reads half of it. */
    private static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One-shot {@code mailsync} in this JVM, output captured. */
    record Cli(int exit, String out, String err) {

        static Cli run(Path home, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = Mailsync.run(args, home, o, e);
            }
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
