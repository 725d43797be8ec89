package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.DovecotServer;
import org.mailsync.store.imap.ImapStore;

/**
 * Against a real Dovecot ({@link DovecotServer}), the server's {@code imap} processes (the
 * ones holding mailsync's connections) are killed between two copies, from a user route on
 * {@code direct:mailsync-copied-kill}: the copy that meets the dead connection fails
 * transiently (a message over the spool threshold, so the redelivery reads it from disk again),
 * the route set redelivers it and the IMAP store reconnects; the run either
 * completes or reports the given-up folder, and after the next run every message is on the
 * server exactly once.
 */
class DovecotTransientFailureIT {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");

    @TempDir
    Path home;

    /** Of its own, as the test kills its processes. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own();

    String user;

    @BeforeEach
    void start() throws Exception {
        System.setProperty("mailsync.retry.delay", "10");
        user = DOVECOT.newUser();
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
    }

    @AfterEach
    void stop() {
        System.clearProperty("mailsync.retry.delay");
        ImapKiller.disarm();
    }

    @Test
    void imapProcessKilledMidSyncIsRetriedOrReportedAndTheNextRunLeavesNoDuplicates() throws Exception {
        maildir(home.resolve("Mail/inbox"), "m1", "m2", "m4", "m5");
        // m3, the copy that meets the dead connection, is over the 1 MiB spool threshold.
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < (2 << 20); i++) {
            body.append("line ").append(i).append(" of the message whose copy is redelivered\n");
        }
        String m3 = MailTree.message("m3", "big").replace("Body of big\n", body);
        Files.writeString(home.resolve("Mail/inbox/cur/1600000000.big.test:2,S"), m3, StandardCharsets.ISO_8859_1);
        Path routes = Files.createDirectories(home.resolve("routes"));
        Files.writeString(routes.resolve("kill.camel.yaml"), """
                - route:
                    id: kill-imap-after-two-copies
                    from:
                      uri: direct:mailsync-copied-kill
                      steps:
                        - bean:
                            beanType: org.mailsync.cli.DovecotTransientFailureIT$ImapKiller
                            method: afterCopy
                """);
        // The test's Dovecot is the only child of this JVM started with its configuration.
        Path conf = DOVECOT.server().configFile();
        ImapKiller.arm(conf, 2);

        CliRun killed = CliRun.run(home, "--routes", routes.toString(), "sync");

        assertThat(ImapKiller.killed()).as("imap processes killed after the 2nd copy; " + killed).isPositive();
        assertThat(killed.exitCode()).as(killed.toString()).isIn(0, 2);
        if (killed.exitCode() == 0) {
            assertThat(killed.err()).as(killed.toString()).isEmpty();
            assertThat(killed.out()).contains("5 copied local->remote.", "5 remain.");
            // It got there by a redelivery of the copy that met the dead connection, on a new login.
            assertThat(logins()).as(DOVECOT.logs()).isEqualTo(2);
        } else {
            assertThat(killed.err()).as(killed.toString()).contains("Error: cannot copy message <m3@example.org>");
        }

        CliRun next = CliRun.run(home, "sync");

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.err()).isEmpty();
        assertThat(serverIds()).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(serverMessage("m3").replace("\r\n", "\n")).as("m3 whole on the server").isEqualTo(m3);
        assertThat(CliRun.run(home, "sync").out()).doesNotContain("copied", "deleted").contains("5 remain.");
    }

    private int logins() {
        return DOVECOT.logs().split("Login: user=<" + user + ">", -1).length - 1;
    }

    /** The server's INBOX, seen with a connection of the test's own; sorted, duplicates kept. */
    private List<String> serverIds() throws Exception {
        try (ImapStore s = DOVECOT.store(user, "/notls", "check")) {
            return s.index("INBOX").stream().map(DovecotTransientFailureIT::idOf).sorted().toList();
        }
    }

    private String serverMessage(String id) throws Exception {
        try (ImapStore s = DOVECOT.store(user, "/notls", "check")) {
            for (MessageMeta m : s.index("INBOX")) {
                if (idOf(m).equals(id)) {
                    try (InputStream in = s.open("INBOX", m.key())) {
                        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    }
                }
            }
        }
        throw new AssertionError("no " + id + " on the server");
    }

    private static String idOf(MessageMeta m) {
        Matcher matcher = MESSAGE_ID.matcher(new String(m.header(), StandardCharsets.ISO_8859_1));
        return matcher.find() ? matcher.group(1) : "";
    }

    /**
     * Kills (SIGKILL) the {@code imap} processes of one Dovecot after a number of copies; the
     * master and its imap-login processes live on, so a new login gets a new imap process.
     */
    public static final class ImapKiller {
        private static Path conf;
        private static int remaining;
        private static int killed;

        static synchronized void arm(Path dovecotConf, int copies) {
            conf = dovecotConf;
            remaining = copies;
            killed = 0;
        }

        static synchronized void disarm() {
            conf = null;
        }

        static synchronized int killed() {
            return killed;
        }

        /** The route's step after each copy. */
        public static synchronized void afterCopy() throws Exception {
            if (conf == null || --remaining != 0) {
                return;
            }
            ProcessHandle master = ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(conf.toString())).orElse(false))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no dovecot master for " + conf));
            List<ProcessHandle> imap = master.descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/imap")).orElse(false)).toList();
            for (ProcessHandle p : imap) {
                p.destroyForcibly();
                p.onExit().get(5, TimeUnit.SECONDS);
                killed++;
            }
            conf = null;
        }
    }
}
