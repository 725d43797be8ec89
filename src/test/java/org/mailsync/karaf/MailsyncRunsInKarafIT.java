package org.mailsync.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle this build made, in a real Apache Karaf 4.4.10: installed the way docs/KARAF.md
 * tells users ({@code feature:repo-add} of target/karaf/features.xml, {@code feature:install
 * mailsync}), configured by {@code etc/org.mailsync.cfg}, it syncs the chosen channel between two
 * Maildir stores on its schedule and leaves the other channel alone; a change of the cfg file
 * restarts it with the new configuration; {@code bin/stop} stops Karaf with it.
 */
class MailsyncRunsInKarafIT {

    /** A sync takes a second; Karaf and Camel start in a few on a loaded machine. */
    private static final Duration SYNC = Duration.ofSeconds(60);

    private static final String CONFIG = """
            store laptop  { pat Laptop/%  prefix Laptop/ }
            store server  { pat Server/%  prefix Server/ }
            store work    { pat Work/%    prefix Work/ }
            store backup  { pat Backup/%  prefix Backup/ }
            channel office laptop server { msinfo .msinfo-office  schedule 1s }
            channel other  work   backup { msinfo .msinfo-other   schedule 1s }
            """;

    @TempDir
    Path dir;

    private KarafInstance karaf;
    private final long started = System.nanoTime();

    @AfterEach
    void killKaraf() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    void theMailsyncFeatureSyncsTheConfiguredChannelAndRestartsOnAConfigChange() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        maildir(home.resolve("Laptop/inbox"), "a1", "a2");
        maildir(home.resolve("Server/inbox"), "b1");
        maildir(home.resolve("Work/inbox"), "w1");
        maildir(home.resolve("Backup/inbox"));
        Files.writeString(home.resolve(".mailsync"), CONFIG);
        Path runs = home.resolve("logs/runs.jsonl");
        String features = System.getProperty("mailsync.karaf.features");
        assertThat(features).as("system property mailsync.karaf.features (set by surefire)").isNotNull();
        assertThat(Path.of(features)).as("the features file of this build").isRegularFile();

        karaf = KarafInstance.unpack(Files.createDirectories(dir.resolve("karaf")));
        Files.writeString(karaf.etc("org.mailsync.cfg"), "config = " + home.resolve(".mailsync") + "\n"
                + "channels = office\n"
                + "runlog = logs/runs.jsonl\n");
        phase("unpacked");
        karaf.start();
        String installed = karaf.client("feature:repo-add file:" + features, "feature:install mailsync");
        phase("installed");
        assertThat(installed).as("bin/client output").doesNotContainIgnoringCase("error");

        karaf.await("channel office syncs Laptop/inbox and Server/inbox", SYNC,
                () -> sameMessages(home.resolve("Laptop/inbox"), home.resolve("Server/inbox"))
                        && text(runs).contains("\"channel\":\"office\""));
        phase("synced");
        assertThat(maildirIds(home.resolve("Server/inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(contents(home.resolve("Server/inbox"))).isEqualTo(contents(home.resolve("Laptop/inbox")));
        assertThat(Files.readString(runs)).contains("\"channel\":\"office\"").doesNotContain("\"channel\":\"other\"");
        assertThat(maildirIds(home.resolve("Backup/inbox"))).as("channel other is not chosen").isEmpty();

        // a new configuration: both channels, another run log
        Path runs2 = home.resolve("logs/runs-2.jsonl");
        Files.writeString(karaf.etc("org.mailsync.cfg"), "config = " + home.resolve(".mailsync") + "\n"
                + "channels = office, other\n"
                + "runlog = " + runs2 + "\n");
        karaf.await("channel other runs after the configuration changed", SYNC,
                () -> sameMessages(home.resolve("Work/inbox"), home.resolve("Backup/inbox"))
                        && text(runs2).contains("\"channel\":\"other\"") && text(runs2).contains("\"channel\":\"office\""));
        phase("restarted");
        assertThat(maildirIds(home.resolve("Backup/inbox"))).containsExactly("w1");

        assertThat(karaf.stop()).as("bin/stop ended Karaf within 30 s\n" + karaf.logTail()).isTrue();
        phase("stopped");
        assertThat(karaf.log()).doesNotContain("mailsync cannot start").contains("mailsync: stopped");
    }

    /** Prints how long the test took to get here (in the test's output file), to see where time goes. */
    private void phase(String name) {
        System.out.printf("%s after %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
    }

    /** Whether two Maildir folders hold messages of the same contents (and at least one). */
    private static boolean sameMessages(Path a, Path b) {
        try {
            List<String> left = contents(a);
            return !left.isEmpty() && left.equals(contents(b));
        } catch (UncheckedIOException e) {
            return false; // a message renamed while read: the next poll sees it
        }
    }

    /** The contents of a Maildir folder's messages, sorted. */
    private static List<String> contents(Path folder) {
        List<String> texts = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    texts.add(Files.readString(f, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        texts.sort(null);
        return texts;
    }

    /** A run log's text, "" while there is none. */
    private static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
