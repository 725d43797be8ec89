package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;

/**
 * Folder pairs synced side by side against a real Dovecot that takes only two connections per
 * user and address ({@code mail_max_userip_connections = 2}), as servers commonly limit them:
 * each pair uses a connection of its own, a server that refuses a further one makes the pairs
 * share the ones it took, and no pair fails for it. Connections are counted on the server's
 * side, in its log ({@code Login: user=<...>}).
 */
class ParallelImapSyncIT {

    private static final int FOLDERS = 10;
    private static final int MESSAGES = 30;

    /** Of its own: two connections per user and address. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own("""
            protocol imap {
              mail_max_userip_connections = 2
            }
            """);

    @TempDir
    Path home;

    String user;

    @BeforeEach
    void mail() throws Exception {
        user = DOVECOT.newUser();
        for (int f = 1; f <= FOLDERS; f++) {
            String folder = "f%02d".formatted(f);
            maildir(home.resolve("Mail").resolve(folder),
                    IntStream.range(0, MESSAGES).mapToObj(i -> folder + "-" + i).toArray(String[]::new));
        }
    }

    private void config(String remoteOption, String channelOption) throws IOException {
        DOVECOT.channelConfig(user).remoteOption(remoteOption).channelOption(channelOption).writeTo(home.resolve(".mailsync"));
    }

    @Test
    void aServerThatTakesTwoConnectionsGetsEveryPairSyncedThroughThem() throws Exception {
        config("", ""); // parallel 4 and maxconnections 4, the defaults

        CliRun run = CliRun.run(home, "sync");

        assertEverythingSynced(run);
        CliRun again = CliRun.run(home, "sync");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).doesNotContain("copied", "deleted").contains("f10: \n" + MESSAGES + " remain.");
    }

    @Test
    void evenEightPairsAtOnceGetEveryPairSyncedThroughTheConnectionsTheServerTakes() throws Exception {
        config("maxconnections 8", "parallel 8");

        CliRun run = CliRun.run(home, "sync");

        assertEverythingSynced(run);
        assertThat(refusals()).as("seven logins at once, for one place left: the server refused some").isPositive();
    }

    /**
     * Every pair synced, none failed; the server refused what it would not take, and the run
     * said so once, naming the connections it went on with.
     */
    private void assertEverythingSynced(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).doesNotContain("Error");
        for (int f = 1; f <= FOLDERS; f++) {
            String folder = "f%02d".formatted(f);
            assertThat(run.out()).contains(folder + ": \ncreated on remote.\n" + MESSAGES + " copied local->remote.\n"
                    + MESSAGES + " remain.");
            assertThat(serverMessages(folder)).as(folder).hasSize(MESSAGES);
        }
        // Dovecot checks its limit per login without a lock: logins at the same moment may all
        // get in, so the server may end up with more than 2; the run says what it got.
        int taken = logins();
        if (refusals() == 0) {
            assertThat(run.err()).isEmpty();
            return;
        }
        assertThat(occurrences(run.err(), "Warning: ")).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("Warning: store remote: " + user + "@127.0.0.1:" + DOVECOT.port()
                + " refused connection " + (taken + 1) + " (").contains("Maximum number of connections")
                .endsWith("the folder pairs share the " + taken + " connections it took (maxconnections " + taken
                        + " avoids asking)\n");
    }

    @Test
    void maxconnectionsOneMakesThePairsShareOneConnection() throws Exception {
        config("maxconnections 1", "parallel 4");

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        for (int f = 1; f <= FOLDERS; f++) {
            assertThat(serverMessages("f%02d".formatted(f))).hasSize(MESSAGES);
        }
        assertThat(logins()).as("connections the server took").isEqualTo(1);
    }

    @Test
    void parallelOneUsesTheOneConnectionOfARunWithoutPairsSideBySide() throws Exception {
        config("", "");

        CliRun run = CliRun.run(home, "--parallel", "1", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(logins()).as("connections the server took").isEqualTo(1);
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

    /** How many logins of this test's user the server refused for its connection limit. */
    private int refusals() {
        return occurrences(DOVECOT.logs(), "(mail_max_userip_connections=2): user=<" + user + ">");
    }

    /** How many connections of this test's user the server accepted (logged in). */
    private int logins() {
        return occurrences(DOVECOT.logs(), "Login: user=<" + user + ">");
    }

    private static int occurrences(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
