package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.checksums;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.DovecotServer;
import org.mailsync.store.imap.ImapStore;

/**
 * End to end through the command line against a real Dovecot (see {@link DovecotServer}): a
 * local Maildir store and an IMAP store in a {@code ~/.mailsync} as a user writes it, one
 * fresh IMAP user per test. The server's side is checked with an {@link ImapStore} of its own
 * (or Dovecot's Maildir on disk), never through the run under test. Dovecot's default
 * namespace uses {@code .} as hierarchy delimiter.
 */
class ImapSyncIT {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    Path mail;
    String user;

    @BeforeEach
    void config() throws Exception {
        mail = home.resolve("Mail");
        user = DOVECOT.newUser();
        writeConfig("/novalidate-cert");
    }

    /** The usual config on the shared server, connecting with these flags. */
    private void writeConfig(String flags) throws Exception {
        DOVECOT.channelConfig(user).flags(flags).writeTo(home.resolve(".mailsync"));
    }

    // ------------------------------------------------------------------ server side, seen directly

    private ImapStore server() {
        return server(DOVECOT.server());
    }

    private ImapStore server(DovecotServer d) {
        return d.store(user, "/notls", "check");
    }

    private List<String> serverIds(String folder) throws Exception {
        try (ImapStore s = server()) {
            List<String> ids = new ArrayList<>();
            for (MessageMeta m : s.index(folder)) {
                ids.add(idOf(m));
            }
            ids.sort(null);
            return ids;
        }
    }

    /** Id → flags of every message of every folder on the server. */
    private Map<String, Set<Flag>> serverFlags() throws Exception {
        Map<String, Set<Flag>> flags = new TreeMap<>();
        try (ImapStore s = server()) {
            for (FolderInfo f : s.listFolders("*")) {
                if (f.selectable()) {
                    for (MessageMeta m : s.index(f.name())) {
                        flags.put(f.name() + "/" + idOf(m), m.flags());
                    }
                }
            }
        }
        return flags;
    }

    private List<String> serverFolders() throws Exception {
        try (ImapStore s = server()) {
            List<String> names = new ArrayList<>();
            for (FolderInfo f : s.listFolders("*")) {
                names.add(f.name());
            }
            names.sort(null);
            return names;
        }
    }

    /** Appends unread messages (no \Seen) on the server, creating the folder if needed. */
    private void serverAppend(String folder, String... ids) throws Exception {
        try (ImapStore s = server()) {
            s.createFolder(folder);
            for (String id : ids) {
                s.append(folder, new ByteArrayInputStream(MailTree.message(id, "subject " + id).getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }
        }
    }

    private void serverDelete(String folder, String id) throws Exception {
        try (ImapStore s = server()) {
            for (MessageMeta m : s.index(folder)) {
                if (idOf(m).equals(id)) {
                    s.delete(folder, List.of(m.key()));
                }
            }
        }
    }

    private static String idOf(MessageMeta m) {
        Matcher matcher = MESSAGE_ID.matcher(new String(m.header(), StandardCharsets.ISO_8859_1));
        return matcher.find() ? matcher.group(1) : "";
    }

    private CliRun sync(String... options) {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "sync";
        return CliRun.run(home, args);
    }

    private static void deleteFromMaildir(Path folder, String id) throws Exception {
        for (String sub : new String[] {"cur", "new"}) {
            try (var files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.readString(f).contains("Message-ID: <" + id + "@example.org>")) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void localFoldersGoToImapWithInboxNestingSpacesAndUnicode() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        maildir(mail.resolve("work/projects"), "p1");
        maildir(mail.resolve("My Folder"), "s1");
        maildir(mail.resolve("Entwürfe"), "u1");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(serverFolders()).containsExactlyInAnyOrder("INBOX", "work", "work.projects", "My Folder", "Entwürfe");
        assertThat(serverIds("INBOX")).containsExactly("a1", "a2");
        assertThat(serverIds("work")).containsExactly("w1");
        assertThat(serverIds("work.projects")).containsExactly("p1");
        assertThat(serverIds("My Folder")).containsExactly("s1");
        assertThat(serverIds("Entwürfe")).containsExactly("u1");
        // Dovecot names its Maildir++ folders in modified UTF-7 (RFC 3501 section 5.1.3), as they went over the wire.
        assertThat(DOVECOT.maildir(user).resolve(".Entw&APw-rfe")).isDirectory();
        assertThat(run.out()).contains("work/projects: \ncreated on remote.\n1 copied local->remote.");
        assertThat(run.err()).contains("Warning: store remote: /novalidate-cert").doesNotContain(DOVECOT.password());
    }

    @Test
    void aServerWithSlashAsDelimiterNestsTheSameWay() throws Exception {
        try (DovecotServer slash = DovecotServer.start(String.join("\n",
                "namespace inbox {", "  inbox = yes", "  separator = /", "}"))) {
            user = slash.newUser();
            slash.channelConfig(user).writeTo(home.resolve(".mailsync"));
            maildir(mail.resolve("work/projects"), "p1");
            try (ImapStore s = server(slash)) {
                assertThat(s.delimiter()).isEqualTo('/');
                s.createFolder("lists/camel");
                s.append("lists/camel", new ByteArrayInputStream(MailTree.message("l1", "l1").getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }

            CliRun run = sync();

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(maildirIds(mail.resolve("lists/camel"))).containsExactly("l1");
            try (ImapStore s = server(slash)) {
                assertThat(s.listFolders("*")).extracting(FolderInfo::name).contains("work/projects", "lists/camel");
                assertThat(s.index("work/projects")).hasSize(1);
            }
            assertThat(run.out()).contains("work/projects: \ncreated on remote.\n1 copied local->remote.",
                    "lists/camel: \ncreated on local.\n1 copied remote->local.");
        }
    }

    @Test
    void imapFoldersComeToLocalFoldersUnderTheirUnicodeNames() throws Exception {
        // Maildir: "lists" holds mail and the subfolder "camel", which no mbox file can
        // (the default in an empty directory of a ~/.mailsync, as with the original)
        DOVECOT.channelConfig(user).flags("/novalidate-cert").localFormat("maildir").writeTo(home.resolve(".mailsync"));
        serverAppend("INBOX", "b1");
        serverAppend("lists", "l0");
        serverAppend("lists.camel", "l1", "l2");
        serverAppend("My Folder", "s1");
        serverAppend("Entwürfe", "u1");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(mail.resolve("INBOX"))).containsExactly("b1");
        assertThat(maildirIds(mail.resolve("lists"))).containsExactly("l0");
        assertThat(maildirIds(mail.resolve("lists/camel"))).containsExactly("l1", "l2");
        assertThat(maildirIds(mail.resolve("My Folder"))).containsExactly("s1");
        assertThat(maildirIds(mail.resolve("Entwürfe"))).containsExactly("u1");
        try (var names = Files.list(mail)) {
            assertThat(names.map(p -> p.getFileName().toString())).doesNotContain("Entw&APw-rfe");
        }
    }

    @Test
    void localInboxPairsWithImapInbox() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        serverAppend("INBOX", "b1");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "b1");
        assertThat(mail.resolve("INBOX")).doesNotExist();
        assertThat(serverIds("INBOX")).containsExactly("a1", "b1");
        assertThat(serverFolders()).containsExactly("INBOX");
    }

    @Test
    void changesOnBothSidesConvergeAndAResyncDoesNothingNorMarksAnythingRead() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        serverAppend("INBOX", "b1");
        assertThat(sync().exitCode()).isZero();

        maildir(mail.resolve("inbox"), "a2");
        maildir(mail.resolve("work"), "w1");
        serverAppend("INBOX", "b2");
        serverAppend("news", "n1");
        CliRun changes = sync();

        assertThat(changes.exitCode()).as(changes.toString()).isZero();
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1", "b2");
        assertThat(serverIds("INBOX")).containsExactly("a1", "a2", "b1", "b2");
        assertThat(serverIds("work")).containsExactly("w1");
        assertThat(maildirIds(mail.resolve("news"))).containsExactly("n1");

        Map<String, Set<Flag>> flagsBefore = serverFlags();
        Map<String, String> localBefore = checksums(mail);
        CliRun again = sync();

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("INBOX: \n4 remain.").doesNotContain("copied", "deleted", "created");
        assertThat(serverFlags()).isEqualTo(flagsBefore);
        // The server's own unread mail is still unread after being read for copying and indexing.
        assertThat(flagsBefore.get("INBOX/b2")).doesNotContain(Flag.SEEN);
        assertThat(flagsBefore.get("news/n1")).doesNotContain(Flag.SEEN);
        // Local mail was delivered as seen, and its copies on the server say so.
        assertThat(flagsBefore.get("INBOX/a2")).contains(Flag.SEEN);
        assertThat(checksums(mail)).isEqualTo(localBefore);
    }

    @Test
    void deletionsArePropagatedAndNothingElseIsTouched() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2", "a3");
        serverAppend("INBOX", "b1", "b2");
        assertThat(sync().exitCode()).isZero();

        deleteFromMaildir(mail.resolve("inbox"), "a1");
        serverDelete("INBOX", "b2");
        CliRun run = sync("-m");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(serverIds("INBOX")).containsExactly("a2", "a3", "b1");
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a2", "a3", "b1");
        assertThat(run.out()).contains("deleted    >", "deleted    <", "3 messages remain in INBOX");
        assertThat(serverFlags().get("INBOX/b1")).doesNotContain(Flag.SEEN, Flag.DELETED);
    }

    @Test
    void listingTheImapStore() throws Exception {
        serverAppend("lists.camel", "l1");

        CliRun run = CliRun.run(home, "remote");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX\n", "lists/camel\n");
    }

    @Test
    void selfSignedCertificateFailsWithoutNovalidateCertAndPassesWithIt() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        writeConfig("/tls");
        Map<String, String> before = checksums(home);

        CliRun refused = sync();

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("Error: remote:", "certificate", "/novalidate-cert")
                .doesNotContain(DOVECOT.password());
        assertThat(checksums(home)).isEqualTo(before);
        assertThat(serverIds("INBOX")).isEmpty();

        writeConfig("/tls/novalidate-cert");
        CliRun accepted = sync();

        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.err()).contains("Warning: store remote: /novalidate-cert");
        assertThat(serverIds("INBOX")).containsExactly("a1");
    }

    @Test
    void plainConnectionWithNotls() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        writeConfig("/notls");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).doesNotContain("novalidate-cert");
        assertThat(serverIds("INBOX")).containsExactly("a1");
    }

    @Test
    void wrongPasswordIsExitOneWithAClearMessageAndChangesNothing() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        DOVECOT.channelConfig(user).password("not-the-password").writeTo(home.resolve(".mailsync"));
        Map<String, String> before = checksums(home);

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Error: remote: login to {127.0.0.1:" + DOVECOT.port()).contains("failed")
                .doesNotContain("not-the-password");
        assertThat(run.out()).doesNotContain("not-the-password");
        assertThat(checksums(home)).isEqualTo(before);
        assertThat(home.resolve(".msinfo")).doesNotExist();
    }

    @Test
    void passwordFromPasscmd() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        Files.writeString(home.resolve(".mailsync"), Files.readString(home.resolve(".mailsync"))
                .replace("passwd " + DOVECOT.password(), "passcmd \"echo " + DOVECOT.password() + "\""));

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(serverIds("INBOX")).containsExactly("a1");
    }

    @Test
    void msinfoOnTheServerIsKeptLocallyAndNothingIsWrittenThere() throws Exception {
        Files.writeString(home.resolve(".mailsync"), Files.readString(home.resolve(".mailsync")).replace("msinfo .msinfo",
                "msinfo {127.0.0.1:" + DOVECOT.port() + "/user=" + user + "}msinfo\n    passwd " + DOVECOT.password()));
        maildir(mail.resolve("inbox"), "a1");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("Note: msinfo {127.0.0.1:" + DOVECOT.port(), "is on a server",
                home.resolve(".mailsync-state").resolve("sync.db").toString());
        assertThat(home.resolve(".mailsync-state").resolve("sync.db")).isRegularFile();
        assertThat(serverFolders()).containsExactly("INBOX");
        assertThat(sync().out()).doesNotContain("copied");
    }

    @Test
    void simulationCreatesNothingOnTheServer() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        maildir(mail.resolve("work"), "w1");

        CliRun run = sync("-s");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(serverFolders()).containsExactly("INBOX");
        assertThat(serverIds("INBOX")).isEmpty();
        assertThat(home.resolve(".msinfo")).doesNotExist();
    }

    @Test
    void protocolLogNeverShowsThePassword() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        writeConfig("/notls");
        StringWriter log = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("di-capture").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%msg%n").build()).build();
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getRootLogger().addAppender(appender);
        try {
            CliRun run = sync("-di", "-d");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out() + run.err()).doesNotContain(DOVECOT.password());
        } finally {
            context.getRootLogger().removeAppender(appender);
            appender.stop();
            Configurator.setLevel("org.mailsync", Level.ERROR);
        }
        assertThat(log.toString()).contains("AUTHENTICATE PLAIN command trace suppressed", "APPEND INBOX").doesNotContain(DOVECOT.password());
    }

    @Test
    void refMailboxPartAndPrefixConfineTheSyncToOneSubtree() throws Exception {
        Files.writeString(home.resolve(".mailsync"), Files.readString(home.resolve(".mailsync"))
                .replace("ref    {127.0.0.1:" + DOVECOT.port() + "}", "ref    {127.0.0.1:" + DOVECOT.port() + "}sync.")
                .replace("pat    *", "pat    %\n    prefix sync."));
        serverAppend("INBOX", "outside");
        serverAppend("sync.lists", "l1");
        maildir(mail.resolve("work"), "w1");

        CliRun run = sync();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(mail.resolve("lists"))).containsExactly("l1");
        assertThat(serverIds("sync.work")).containsExactly("w1");
        assertThat(serverIds("INBOX")).containsExactly("outside");
        assertThat(mail.resolve("INBOX")).doesNotExist();
    }

    @Test
    void diffModeOnTheImapStoreChangesNothing() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        assertThat(sync().exitCode()).isZero();
        serverDelete("INBOX", "a1");
        serverAppend("INBOX", "b1");
        Map<String, Set<Flag>> flagsBefore = serverFlags();

        CliRun run = CliRun.run(home, "sync", "remote");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("INBOX: 1 new, 1 deleted, 2 currently at store remote.");
        assertThat(serverFlags()).isEqualTo(flagsBefore);
    }

    @Test
    void stoppedServerIsExitOneAndChangesNothingThenTheNextRunConverges() throws Exception {
        try (DovecotServer own = DovecotServer.start()) {
            user = own.newUser();
            own.channelConfig(user).writeTo(home.resolve(".mailsync"));
            maildir(mail.resolve("inbox"), "a1");
            assertThat(sync().exitCode()).isZero();
            maildir(mail.resolve("inbox"), "a2");
            Map<String, String> before = checksums(home);

            own.stop();
            CliRun down = sync();

            assertThat(down.exitCode()).as(down.toString()).isEqualTo(1);
            assertThat(down.err()).contains("Error: remote:", "127.0.0.1:" + own.port(), "is the server up");
            assertThat(checksums(home)).isEqualTo(before); // the msinfo too

            own.restart();
            CliRun up = sync();

            assertThat(up.exitCode()).as(up.toString()).isZero();
            try (ImapStore s = server(own)) {
                assertThat(s.index("INBOX")).hasSize(2);
            }
        }
    }

    @Test
    void serverStoppedMidSyncIsReportedAndTheNextRunConvergesWithoutDuplicates() throws Exception {
        try (DovecotServer own = DovecotServer.start()) {
            user = own.newUser();
            own.channelConfig(user).writeTo(home.resolve(".mailsync"));
            maildir(mail.resolve("inbox"), "m1", "m2", "m3", "m4", "m5");
            // The server dies right after the second message was copied: a route beside the
            // built-in set, on the copy extension point, as a user's own route would be.
            Path routes = Files.createDirectories(home.resolve("routes"));
            Files.writeString(routes.resolve("kill.camel.yaml"), """
                    - route:
                        id: kill-server-after-two-copies
                        from:
                          uri: direct:mailsync-copied-kill
                          steps:
                            - bean:
                                beanType: org.mailsync.cli.ImapSyncIT$ServerKiller
                                method: afterCopy
                    """);
            ServerKiller.arm(own, 2);

            // The copy that meets the stopped server is redelivered with back-off before the
            // pair is given up; short delays keep the test quick (TransientCopyFailureRetryTest
            // proves the property takes effect).
            CliRun broken;
            System.setProperty("mailsync.retry.delay", "10");
            try {
                broken = sync("--routes", routes.toString());
            } finally {
                System.clearProperty("mailsync.retry.delay");
            }

            assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(2);
            assertThat(broken.err()).contains("Error: cannot copy message <m3@example.org>");
            own.restart();
            CliRun next = sync();

            assertThat(next.exitCode()).as(next.toString()).isZero();
            assertThat(next.out()).contains("3 copied local->remote.", "5 remain.");
            try (ImapStore s = server(own)) {
                assertThat(s.index("INBOX").stream().map(ImapSyncIT::idOf).sorted().toList())
                        .containsExactly("m1", "m2", "m3", "m4", "m5");
            }
            assertThat(sync().out()).doesNotContain("copied");
        }
    }

    /** Stops a Dovecot after a given number of copies; called from a test route. */
    public static final class ServerKiller {
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
