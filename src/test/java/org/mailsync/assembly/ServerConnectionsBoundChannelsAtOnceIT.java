package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.cli.Mailsync;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ServerConnectionLimit;

/**
 * Several channels of one config synced at once in one JVM, all to one account on a real
 * Dovecot, each allowed {@code maxconnections 4}: with {@code serverconnections 2} the process
 * never holds more than 2 connections to the server at once (as the process's limit counts
 * them), and every channel is synced all the same; without it, runs open what their
 * {@code maxconnections} allow, as before.
 */
class ServerConnectionsBoundChannelsAtOnceIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private static final int CHANNELS = 3;
    private static final int FOLDERS = 6;
    private static final int MESSAGES = 15;

    @TempDir
    Path home;

    String user;
    String key;

    @BeforeEach
    void mail() throws IOException {
        user = DOVECOT.newUser();
        key = ServerConnectionLimit.key(user, "127.0.0.1", DOVECOT.port());
        for (int c = 1; c <= CHANNELS; c++) {
            for (int f = 1; f <= FOLDERS; f++) {
                String folder = folder(c, f);
                Path dir = home.resolve("Mail" + c).resolve(folder);
                for (String sub : List.of("cur", "new", "tmp")) {
                    Files.createDirectories(dir.resolve(sub));
                }
                for (int m = 0; m < MESSAGES; m++) {
                    String id = folder + "-" + m;
                    Files.writeString(dir.resolve("cur").resolve(id + ".host:2,S"), "From: a@example.org\r\nTo: b@example.org\r\n"
                            + "Subject: " + id + "\r\nMessage-ID: <" + id + "@example.org>\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\n"
                            + "body of " + id + "\r\n");
                }
            }
        }
    }

    @AfterEach
    void noLimitLeftForOtherTests() {
        ServerConnectionLimit.jvm().configure(null);
    }

    private static String folder(int channel, int f) {
        return "c%d-f%02d".formatted(channel, f);
    }

    private void config(String global) throws IOException {
        StringBuilder b = new StringBuilder(global).append('\n');
        for (int c = 1; c <= CHANNELS; c++) {
            b.append("store local").append(c).append(" { pat Mail").append(c).append("/*  prefix Mail").append(c).append("/ }\n");
            b.append("store remote").append(c).append(" {\n")
                    .append("    server {127.0.0.1:").append(DOVECOT.port()).append("/user=").append(user).append("/notls}\n")
                    .append("    ref    {127.0.0.1:").append(DOVECOT.port()).append("}\n")
                    .append("    pat    c").append(c).append("-*\n")
                    .append("    passwd ").append(DOVECOT.password()).append('\n')
                    .append("    maxconnections 4\n")
                    .append("}\n");
            b.append("channel ch").append(c).append(" local").append(c).append(" remote").append(c)
                    .append(" { msinfo .msinfo").append(c).append("  parallel 4 }\n");
        }
        Files.writeString(home.resolve(".mailsync"), b.toString());
    }

    /** Syncs every channel at once, each in a thread of its own; returns each run's exit status and output. */
    private List<String> syncAllAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CHANNELS);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int c = 1; c <= CHANNELS; c++) {
                String channel = "ch" + c;
                runs.add(threads.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int code;
                    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                        code = Mailsync.run(new String[] {channel}, home, o, e);
                    }
                    return "exit " + code + "\n--- out ---\n" + out.toString(StandardCharsets.UTF_8) + "--- err ---\n"
                            + err.toString(StandardCharsets.UTF_8);
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> run : runs) {
                results.add(run.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertEveryChannelSynced(List<String> results) throws IOException {
        for (int c = 1; c <= CHANNELS; c++) {
            String run = results.get(c - 1);
            assertThat(run).as("channel ch" + c).startsWith("exit 0\n").doesNotContain("Error");
            for (int f = 1; f <= FOLDERS; f++) {
                String folder = folder(c, f);
                assertThat(run).contains(folder + ": \ncreated on remote" + c + ".\n" + MESSAGES + " copied local" + c
                        + "->remote" + c + ".\n");
                assertThat(serverMessages(folder)).as(folder + " on the server").hasSize(MESSAGES);
            }
        }
    }

    @Test
    void channelsSyncedAtOnceNeverHoldMoreThanServerconnectionsAndAllGetSynced() throws Exception {
        config("serverconnections 2");
        ServerConnectionLimit.jvm().resetPeak(key);

        List<String> results = assertTimeoutPreemptively(Duration.ofMinutes(5), this::syncAllAtOnce);

        assertEveryChannelSynced(results);
        assertThat(ServerConnectionLimit.jvm().size()).hasValue(2);
        assertThat(ServerConnectionLimit.jvm().peak(key)).as("connections to the server held at once").isEqualTo(2);
        assertThat(ServerConnectionLimit.jvm().held(key)).as("connections left open after the runs").isZero();

        List<String> again = assertTimeoutPreemptively(Duration.ofMinutes(5), this::syncAllAtOnce);
        for (String run : again) {
            assertThat(run).startsWith("exit 0\n").doesNotContain("copied", "deleted", "Error");
        }
        assertThat(ServerConnectionLimit.jvm().peak(key)).isBetween(1, 2);
        assertThat(ServerConnectionLimit.jvm().held(key)).isZero();
    }

    @Test
    void aRunThatGetsNoConnectionInTimeStopsBeforeChangingAnythingNamingServerAndLimit() throws Exception {
        config("serverconnections 1");
        ServerConnectionLimit.jvm().waitTimeout(Duration.ofSeconds(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        // Another channel's run (or a push watch) holds the one connection.
        try (ServerConnectionLimit.Permit other = ServerConnectionLimit.jvm().acquire(key, Duration.ZERO);
             PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Mailsync.run(new String[] {"ch1"}, home, o, e);
        } finally {
            ServerConnectionLimit.jvm().waitTimeout(ServerConnectionLimit.DEFAULT_WAIT);
        }

        String shown = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(shown).isEqualTo(1);
        assertThat(shown).contains("waited 1 s for a connection to " + key + " in vain",
                "holds 1 of the 1 that serverconnections allows").doesNotContain("\tat ");
        assertThat(serverMessages(folder(1, 1))).as("nothing changed").isEmpty();
        assertThat(ServerConnectionLimit.jvm().held(key)).isZero();
    }

    @Test
    void withoutServerconnectionsChannelsOpenWhatTheirMaxconnectionsAllowAsBefore() throws Exception {
        config("");
        ServerConnectionLimit.jvm().resetPeak(key);

        List<String> results = assertTimeoutPreemptively(Duration.ofMinutes(5), this::syncAllAtOnce);

        assertEveryChannelSynced(results);
        assertThat(ServerConnectionLimit.jvm().size()).isEmpty();
        assertThat(ServerConnectionLimit.jvm().peak(key)).as("a run alone opens up to its maxconnections 4").isGreaterThan(2);
        assertThat(ServerConnectionLimit.jvm().held(key)).isZero();
    }

    /** The messages of a folder of the user on the server, read from Dovecot's Maildir++ on disk. */
    private List<Path> serverMessages(String folder) throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = DOVECOT.maildir(user).resolve("." + folder);
        for (String sub : List.of("cur", "new")) {
            if (Files.isDirectory(dir.resolve(sub))) {
                try (Stream<Path> list = Files.list(dir.resolve(sub))) {
                    list.forEach(files::add);
                }
            }
        }
        return files;
    }
}
