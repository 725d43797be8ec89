package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.DovecotServer;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.testkit.MailFolders;

/**
 * A migration from a Maildir into a real Dovecot that is interrupted, then run again: the
 * server ends up with every message of the Maildir exactly once, and the Maildir is never
 * written. Interrupted two ways: the server goes away mid-run (a lost network: the run reports
 * what it could not do, exit 2), and the migrating program is killed with SIGKILL.
 */
class InterruptedMigrateToDovecotResumesWithoutDuplicatesIT {

    /** The server of its own that this class stops and starts again. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own();

    @TempDir
    Path home;

    @TempDir
    Path output;

    String user;
    Path maildir;
    Map<String, String> before;

    @BeforeEach
    void maildirAndConfig() throws Exception {
        user = DOVECOT.newUser();
        maildir = home.resolve("Maildir");
        try (LocalStore source = MigrateMboxToMaildirTest.maildir(maildir)) {
            MigrateCorpus.fill(source, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
            MigrateCorpus.fill(source, "Lists/maven", MigrateCorpus.messages(MigrateCorpus.MAVEN));
        }
        before = MailFolders.snapshot(maildir);
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
    }

    @Test
    void serverLostMidRunThenTheRerunCompletesWithoutDuplicates() throws Exception {
        Path routes = Files.createDirectories(output.resolve("routes"));
        Files.writeString(routes.resolve("lose.camel.yaml"), """
                - route:
                    id: lose-server-after-five-copies
                    from:
                      uri: direct:mailsync-migrated-lose
                      steps:
                        - bean:
                            beanType: org.mailsync.cli.InterruptedMigrateToDovecotResumesWithoutDuplicatesIT$ServerLoser
                            method: afterCopy
                """);
        ServerLoser.arm(DOVECOT.server(), 5);
        CliRun broken;
        System.setProperty("mailsync.retry.delay", "10");
        try {
            broken = CliRun.run(home, "migrate", "--routes", routes.toString(), "maildir:" + maildir, "remote");
        } finally {
            System.clearProperty("mailsync.retry.delay");
        }

        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(2);
        assertThat(broken.err()).contains("not copied", "not migrated, as a store was lost earlier in this run");
        assertThat(broken.out()).as(broken.toString()).contains("2 of 2 folders not verified complete");
        DOVECOT.server().restart();

        CliRun rerun = CliRun.run(home, "migrate", "maildir:" + maildir, "remote");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("INBOX: 7 copied, 5 already there; verified 12/12",
                "Lists/maven: 10 copied, 0 already there; verified 10/10");
        assertComplete();
    }

    @Test
    void killedMidRunThenTheRerunCompletesWithoutDuplicates() throws Exception {
        Path routes = Files.createDirectories(output.resolve("routes"));
        Files.writeString(routes.resolve("slow.camel.yaml"), """
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
                            constant: "100"
                """);
        Path progress = home.resolve("progress").resolve("copied.log");
        Process p = start("migrate", "--routes", routes.toString(), "maildir:" + maildir, "remote");
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (copied(progress) < 8) {
                assertThat(p.isAlive()).as("the migration ended before it could be killed").isTrue();
                assertThat(Instant.now()).as("8 copies within 90 s").isBefore(deadline);
                Thread.sleep(20);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(copied(progress)).as("killed mid-way").isLessThan(22);

        CliRun rerun = CliRun.run(home, "migrate", "maildir:" + maildir, "remote");

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("verified 12/12", "verified 10/10").doesNotContain("INBOX: 12 copied");
        assertComplete();
    }

    /** The server holds every Maildir message exactly once, and the Maildir is as it was. */
    private void assertComplete() throws Exception {
        try (ImapStore server = DOVECOT.store(user, "/notls", "remote");
             LocalStore source = MigrateMboxToMaildirTest.maildir(maildir)) {
            server.connect();
            assertThat(MigrateCorpus.held(server, "INBOX")).isEqualTo(MigrateCorpus.held(source, "INBOX"));
            assertThat(MigrateCorpus.held(server, "Lists.maven")).isEqualTo(MigrateCorpus.held(source, "Lists/maven"));
        }
        assertThat(MailFolders.snapshot(maildir)).as("the Maildir's files, bytes and times").isEqualTo(before);
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

    private static int copied(Path progress) throws Exception {
        return Files.exists(progress) ? Files.readString(progress).split(";", -1).length - 1 : 0;
    }

    /** Stops the server after a number of migrated messages: the step of a route on the migrate extension point. */
    public static final class ServerLoser {
        private static DovecotServer server;
        private static int remaining;

        static synchronized void arm(DovecotServer target, int copies) {
            server = target;
            remaining = copies;
        }

        /** The route's step after each copy. */
        public static synchronized void afterCopy() {
            if (server != null && --remaining == 0) {
                server.stop();
                server = null;
            }
        }
    }
}
