package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsync.store.local.LocalStore;
import org.mailsync.testkit.MailFolders;

/**
 * A migration killed with SIGKILL in the middle (the real program in a JVM of its own), then
 * run again: the target ends up complete, every source message exactly once, and the source
 * untouched. With the state kept, and with the state deleted before the rerun, which is what a
 * kill between a message's APPEND and its record looks like to the rerun: it must find the
 * copies in the target by their content, not in its records.
 */
class InterruptedMigrateResumesWithoutDuplicatesIT {

    /** A route on the migrate extension point that logs each copy and slows the run down, so that the kill lands mid-way. */
    private static final String SLOW_ROUTE = """
            - route:
                id: slow-migrated
                from:
                  uri: direct:mailsync-migrated-slow
                  steps:
                    - setBody:
                        constant: "copied;"
                    - to:
                        uri: "file:{{mailsync.home}}/progress?fileName=copied.log&fileExist=Append"
                    - delay:
                        constant: "60"
            """;

    @TempDir
    Path home;

    @TempDir
    Path output;

    @ParameterizedTest(name = "state deleted before the rerun: {0}")
    @ValueSource(booleans = {false, true})
    void rerunAfterKillCompletesWithoutDuplicates(boolean deleteState) throws Exception {
        Path mail = home.resolve("Mail");
        Files.createDirectories(mail);
        try (LocalStore source = MigrateMboxToMaildirTest.mbox(mail)) {
            MigrateCorpus.fill(source, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
        }
        Files.copy(MigrateCorpus.path(MigrateCorpus.ASTERIX), mail.resolve("asterix"));
        var before = MailFolders.snapshot(mail);
        Path maildir = home.resolve("Maildir");
        Path routes = Files.createDirectories(output.resolve("routes"));
        Files.writeString(routes.resolve("slow.camel.yaml"), SLOW_ROUTE);
        Path progress = home.resolve("progress").resolve("copied.log");

        Process p = start("migrate", "--routes", routes.toString(), "mbox:" + mail, "maildir:" + maildir);
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (copied(progress) < 20) {
                assertThat(p.isAlive()).as("the migration ended before it could be killed: " + log()).isTrue();
                assertThat(Instant.now()).as("20 copies within 90 s: " + log()).isBefore(deadline);
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        int copiedBeforeKill = copied(progress);
        assertThat(copiedBeforeKill).as("killed mid-way").isLessThan(65);
        if (deleteState) {
            org.assertj.core.api.Assertions.assertThat(home.resolve(".mailsync-migrate")).isDirectory();
            try (var files = Files.list(home.resolve(".mailsync-migrate"))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }

        CliRun rerun = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("verified 12/12", "verified 53/53", "every folder verified complete");
        assertThat(rerun.out()).doesNotContain("asterix: 53 copied").doesNotContain("INBOX: 12 copied");
        assertThat(MailFolders.snapshot(mail)).as("the source's files, bytes and times").isEqualTo(before);
        try (LocalStore source = MigrateMboxToMaildirTest.mbox(mail); LocalStore target = MigrateMboxToMaildirTest.maildir(maildir)) {
            for (String folder : List.of("INBOX", "asterix")) {
                // equal multisets of content: every message there, none twice
                assertThat(MigrateCorpus.held(target, folder)).as(folder).isEqualTo(MigrateCorpus.held(source, folder));
                assertThat(MigrateCorpus.count(target, folder)).isEqualTo(MigrateCorpus.count(source, folder));
            }
        }
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.mailsync.cli.Mailsync"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(output.resolve("out.txt").toFile())
                .redirectError(output.resolve("err.txt").toFile());
        builder.environment().put("HOME", home.toString());
        return builder.start();
    }

    private String log() throws Exception {
        return Files.readString(output.resolve("out.txt")) + Files.readString(output.resolve("err.txt"));
    }

    private static int copied(Path progress) throws Exception {
        // one "copied;" per migrated message (Camel trims a constant, so no line ends)
        return Files.exists(progress) ? Files.readString(progress).split(";", -1).length - 1 : 0;
    }
}
