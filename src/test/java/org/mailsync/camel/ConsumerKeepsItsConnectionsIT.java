package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.report.RunReport;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotChannelConfig;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.testkit.MailFolders;

/**
 * The {@code mailsync:} consumer (so the daemon) keeps its channel's IMAP connections logged in
 * from one poll to the next, against a real Dovecot whose rawlog shows every command a session
 * sent and whose log shows every login: polls of an unchanged channel log in once in all and
 * send one STATUS per folder each (and a LIST); a change on the server or on the local side
 * between polls is synced by the next one; a server restarted between polls (every connection
 * dead) costs the next poll a login per connection, not a failure; a changed store config is
 * used by the next poll (another account: a new login, the old connections logged out), while
 * an edit that leaves the store's connection as it was costs none; stopping the consumer's
 * route logs them out.
 *
 * <p>Polls are run one by one by the test ({@code startScheduler=false}), each on the
 * consumer's own code path, so the counts belong to known polls.
 */
class ConsumerKeepsItsConnectionsIT extends RouteSetTestSupport {

    /** Where Dovecot writes every session's lines (per user, only when the user's directory exists). */
    private static final Path RAWLOG = rawlogRoot();

    /** Of its own: a test restarts it, and its rawlog is on. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own("rawlog_dir = " + RAWLOG + "/%u");

    private static final List<String> FOLDERS = List.of("INBOX", "work", "lists");

    private final BlockingQueue<RunReport> reports = new LinkedBlockingQueue<>();
    private String user;

    @Override
    void writeConfig() throws Exception {
        mail = home.resolve("Mail");
        user = newUser();
        config(user).remoteOption("maxconnections 1").writeTo(home.resolve(CONFIG));
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        maildir(mail.resolve("lists"), "l1");
    }

    @AfterAll
    static void removeRawlogs() throws IOException {
        try (Stream<Path> files = Files.walk(RAWLOG)) {
            files.sorted((x, y) -> y.compareTo(x)).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void pollsOfAnUnchangedChannelLogInOnceAndSendOneStatusPerFolder() throws Exception {
        startConsumer();
        assertThat(poll().copied()).as("the first poll uploads").isEqualTo(4);
        assertNoOp(poll()); // (it closes the selection the upload left, once)

        Map<String, Integer> before = commands(user);
        for (int i = 0; i < 4; i++) {
            assertNoOp(poll());
        }
        Map<String, Integer> during = minus(commands(user), before);

        assertThat(logins(user)).as("logins in all six polls").isEqualTo(1);
        assertThat(sessions(user)).isEqualTo(1);
        assertThat(during).as("commands of four no-op polls").containsEntry("STATUS", 4 * FOLDERS.size())
                .containsEntry("LIST", 4).doesNotContainKeys("LOGOUT", "SELECT", "EXAMINE", "UID FETCH", "FETCH");
        assertThat(during.values().stream().mapToInt(Integer::intValue).sum()).as("%s", during)
                .isEqualTo(4 * FOLDERS.size() + 4);
        assertThat(officeConsumer().keptConnections().holdsConnections()).isTrue();

        // stopping the route (as the daemon stops, or removes it) logs them out
        context.getRouteController().stopRoute("office");
        assertThat(officeConsumer().keptConnections().holdsConnections()).isFalse();
        awaitLog("imap\\(" + user + "\\).*Logged out");
    }

    @Test
    void everyConnectionAPollOpenedStaysLoggedInForTheNext() throws Exception {
        config(user).writeTo(home.resolve(CONFIG)); // maxconnections as by default: pairs side by side
        startConsumer();
        assertThat(poll().copied()).isEqualTo(4);
        int opened = logins(user);
        assertThat(opened).as("a connection per pair at most").isBetween(1, FOLDERS.size());
        assertNoOp(poll());

        Map<String, Integer> before = commands(user);
        for (int i = 0; i < 3; i++) {
            assertNoOp(poll());
        }
        Map<String, Integer> during = minus(commands(user), before);

        assertThat(logins(user)).as("no login after the first poll").isEqualTo(opened);
        assertThat(during).as("commands of three no-op polls, whichever connections served them")
                .containsEntry("LIST", 3).containsEntry("STATUS", 3 * FOLDERS.size());
        // and, once per connection at most, closing the selection the upload left on it
        Map<String, Integer> others = new TreeMap<>(during);
        others.keySet().removeAll(Set.of("LIST", "STATUS"));
        assertThat(others.keySet()).isSubsetOf("CLOSE", "UNSELECT");
        assertThat(others.values().stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(opened);
    }

    @Test
    void changesOnEitherSideBetweenPollsAreSyncedByTheNext() throws Exception {
        startConsumer();
        assertThat(poll().copied()).isEqualTo(4);
        assertNoOp(poll());
        serverAppend("INBOX", "b1");
        maildir(mail.resolve("work"), "w2");
        int logins = logins(user);

        RunReport changed = poll();
        RunReport after = poll();

        assertThat(logins(user)).as("the polls logged in no more").isEqualTo(logins);
        assertThat(changed.exitCode()).as("%s", changed).isZero();
        assertThat(changed.copied()).isEqualTo(2);
        assertNoOp(after);
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(serverIds("work")).containsExactly("w1", "w2");
    }

    @Test
    void aServerRestartedBetweenPollsCostsTheNextALoginNotAFailure() throws Exception {
        config(user).writeTo(home.resolve(CONFIG)); // several connections, every one of them dead after the restart
        startConsumer();
        assertThat(poll().copied()).isEqualTo(4);
        assertNoOp(poll());
        int connections = logins(user);

        DOVECOT.server().stop();
        DOVECOT.server().restart();
        serverAppend("INBOX", "b1");
        int logins = logins(user);

        RunReport afterRestart = poll();

        assertThat(afterRestart.exitCode()).as("%s", afterRestart).isZero();
        assertThat(afterRestart.errors()).isEmpty();
        assertThat(afterRestart.copied()).isEqualTo(1);
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1");
        int reconnected = logins(user) - logins;
        assertThat(reconnected).as("a login per dead connection used").isBetween(1, connections);
        assertNoOp(poll());
        assertThat(logins(user)).as("and none after that").isEqualTo(logins + reconnected);
    }

    @Test
    void aChangedStoreConfigIsUsedByTheNextPoll() throws Exception {
        startConsumer();
        assertThat(poll().copied()).isEqualTo(4);
        assertNoOp(poll());

        // the remote store now names another account (with a state of its own): the next poll
        // logs in there
        String other = newUser();
        Files.writeString(home.resolve(CONFIG), config(other).remoteOption("maxconnections 1").text()
                .replace("msinfo .msinfo", "msinfo .msinfo-" + other));
        RunReport moved = poll();

        assertThat(moved.exitCode()).as("%s", moved).isZero();
        assertThat(moved.copied()).as("everything uploaded to the new account").isEqualTo(4);
        assertThat(logins(other)).isEqualTo(1);
        awaitLog("imap\\(" + user + "\\).*Logged out"); // the old account's connection
        assertNoOp(poll());
        assertThat(logins(other)).isEqualTo(1);
        assertThat(logins(user)).isEqualTo(1);

        // an edit that leaves the store's connection as it was costs no login
        Files.writeString(home.resolve(CONFIG), "# edited\n" + Files.readString(home.resolve(CONFIG)));
        assertNoOp(poll());
        assertThat(logins(other)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the consumer

    private void startConsumer() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("office", "startScheduler=false")).routeId("office")
                        .process(e -> reports.add(e.getMessage().getBody(RunReport.class)));
            }
        });
    }

    private MailsyncConsumer officeConsumer() {
        return (MailsyncConsumer) context.getRoute("office").getConsumer();
    }

    /** Runs one poll, as the scheduler would, and returns its report. */
    private RunReport poll() throws Exception {
        officeConsumer().run();
        RunReport report = reports.poll(30, TimeUnit.SECONDS);
        assertThat(report).as("the poll emitted a report").isNotNull();
        return report;
    }

    private static void assertNoOp(RunReport report) {
        assertThat(report.exitCode()).as("%s", report).isZero();
        assertThat(report.copied()).isZero();
        assertThat(report.deleted()).isZero();
        assertThat(report.actions()).isEmpty();
    }

    // ------------------------------------------------------------------ the server, seen from outside

    private DovecotChannelConfig config(String account) {
        return DOVECOT.channelConfig(account).channel("office");
    }

    /** A fresh account whose sessions the rawlog records. */
    private static String newUser() throws IOException {
        String u = DOVECOT.newUser();
        Path dir = Files.createDirectories(RAWLOG.resolve(u));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // the mail user writes there
        return u;
    }

    /** Waits (bounded) until Dovecot's log has a line matching the pattern: it logs a session's end as it ends. */
    private static void awaitLog(String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!p.matcher(DOVECOT.logs()).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line matching " + regex + " in Dovecot's log:\n" + DOVECOT.logs());
            }
            Thread.sleep(20);
        }
    }

    /** Logins of an account so far, from Dovecot's log. */
    private static int logins(String account) {
        Matcher m = Pattern.compile("imap-login: (Info: )?Login: user=<" + Pattern.quote(account) + ">").matcher(DOVECOT.logs());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Sessions of an account so far, from the rawlog (a file of client lines per session). */
    private static long sessions(String account) throws IOException {
        try (Stream<Path> files = Files.list(RAWLOG.resolve(account))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".in")).count();
        }
    }

    /**
     * The commands an account's sessions sent so far, by name ({@code UID FETCH} for a UID
     * command), from the rawlog's client lines ({@code [time] TAG COMMAND ...}).
     */
    private static Map<String, Integer> commands(String account) throws Exception {
        Thread.sleep(200); // the server writes its rawlog as it reads, but not under our clock
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(RAWLOG.resolve(account))) {
            files.filter(f -> f.getFileName().toString().endsWith(".in")).forEach(logs::add);
        }
        for (Path log : logs) {
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                String[] words = line.trim().split(" +");
                int i = words.length > 0 && words[0].matches("\\d+\\.\\d+") ? 1 : 0; // a time stamp first
                if (words.length < i + 2) {
                    continue; // a literal's data or an IDLE's DONE
                }
                String name = words[i + 1].toUpperCase();
                if (name.equals("UID") && words.length > i + 2) {
                    name += " " + words[i + 2].toUpperCase();
                }
                counts.merge(name, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Map<String, Integer> minus(Map<String, Integer> after, Map<String, Integer> before) {
        Map<String, Integer> d = new TreeMap<>();
        after.forEach((k, v) -> {
            int n = v - before.getOrDefault(k, 0);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }

    private void serverAppend(String folder, String... ids) throws Exception {
        try (ImapStore s = DOVECOT.store(user, "/notls", "check")) {
            for (String id : ids) {
                s.append(folder, new ByteArrayInputStream(MailFolders.message(id).getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }
        }
    }

    private List<String> serverIds(String folder) throws Exception {
        try (ImapStore s = DOVECOT.store(user, "/notls", "check")) {
            List<String> ids = new ArrayList<>();
            for (MessageMeta m : s.index(folder)) {
                ids.addAll(MailFolders.idsIn(new String(m.header(), StandardCharsets.ISO_8859_1)));
            }
            ids.sort(null);
            return ids;
        }
    }

    private static Path rawlogRoot() {
        try {
            Path dir = Files.createTempDirectory("mailsync-rawlog-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
