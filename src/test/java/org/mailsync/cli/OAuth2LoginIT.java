package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;

/**
 * {@code auth xoauth2} against a private Dovecot whose {@code oauth2} passdb asks a local
 * introspection endpoint about each token: the token comes from {@code passcmd}, run at every
 * login (a helper may hand out a new one each time); an expired token is replaced once by a
 * fresh one; a bad token fails the run cleanly with exit 1; and no token ever appears in what
 * the run prints or logs, {@code -di} protocol trace included.
 */
class OAuth2LoginIT {

    /** Tokens the endpoint takes as valid start with this; every other token is inactive. */
    private static final String GOOD = "ya29.good-";

    static final OAuthIntrospectionEndpoint ENDPOINT = OAuthIntrospectionEndpoint.start(token -> token.startsWith(GOOD));

    /** Where the oauth2 passdb's settings file goes. */
    static final Path CONFIG_DIR = configDir();

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own(ENDPOINT.dovecotConfig(CONFIG_DIR));

    @TempDir
    Path home;

    String user;

    @AfterAll
    static void stopEndpoint() throws IOException {
        ENDPOINT.close();
        try (var files = Files.list(CONFIG_DIR)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(CONFIG_DIR);
    }

    @BeforeEach
    void config() throws Exception {
        user = DOVECOT.newUser();
        ENDPOINT.user(user);
        ENDPOINT.forget();
        DOVECOT.channelConfig(user).passcmd("sh " + home.resolve("token.sh")).remoteOption("auth xoauth2")
                .writeTo(home.resolve(".mailsync"));
        maildir(home.resolve("Mail/INBOX"), "m1", "m2");
    }

    @Test
    void aGoodTokenFromPasscmdLogsInAndNeverShows() throws Exception {
        String token = GOOD + "Zx81Q";
        tokens(token);

        CliRun sync = CliRun.run(home, "-di", "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(sync.log()).as("the -di trace ran").contains("AUTHENTICATE XOAUTH2").contains("APPEND");
        assertThat(ENDPOINT.seen()).contains(token);
        assertNoSecret(sync, token);
        try (var server = DOVECOT.store(user, "/notls", "check")) {
            assertThat(server.index("INBOX")).hasSize(2);
        }
    }

    @Test
    void passcmdRunsForEveryLoginSoEachRunGetsTheHelpersCurrentToken() throws Exception {
        tokens(GOOD + "first", GOOD + "second");

        CliRun first = CliRun.run(home, "sync");
        CliRun second = CliRun.run(home, "sync");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(ENDPOINT.seen()).containsSubsequence(GOOD + "first", GOOD + "second");
        assertNoSecret(first, GOOD + "first");
        assertNoSecret(second, GOOD + "second");
    }

    @Test
    void anExpiredTokenIsReplacedOnceByAFreshOne() throws Exception {
        tokens("expired-token-0042", GOOD + "fresh");

        CliRun sync = CliRun.run(home, "-di", "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(ENDPOINT.seen()).containsSubsequence("expired-token-0042", GOOD + "fresh");
        assertThat(sync.log()).contains("refused the access token").contains("trying once more");
        assertNoSecret(sync, "expired-token-0042");
        assertNoSecret(sync, GOOD + "fresh");
    }

    @Test
    void aBadTokenFailsCleanlyWithExitOneAfterOneFreshTry() throws Exception {
        tokens("bad-token-7f3e9");

        CliRun sync = CliRun.run(home, "-di", "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isEqualTo(1);
        assertThat(sync.err()).startsWith("Error: remote: login to {127.0.0.1:").contains("[AUTHENTICATIONFAILED]")
                .endsWith(" (the access token from passcmd was refused, and a fresh one too)\n");
        assertThat(passcmdRuns()).as("the first token and one fresh one, no more").isEqualTo(2);
        assertNoSecret(sync, "bad-token-7f3e9");
        try (var server = DOVECOT.store(user, "/notls", "check")) {
            assertThat(server.index("INBOX")).as("nothing was written").isEmpty();
        }
    }

    /** What the helper prints, one token per run of passcmd; the last one again once they are used up. */
    private void tokens(String... tokens) throws IOException {
        Files.writeString(home.resolve("tokens"), String.join("\n", tokens) + "\n");
        Files.writeString(home.resolve("token.sh"), String.join("\n",
                "cd " + home,
                "n=$(( $(cat runs 2>/dev/null || echo 0) + 1 ))",
                "echo $n > runs",
                "line=$(sed -n \"${n}p\" tokens)",
                "[ -n \"$line\" ] || line=$(tail -n 1 tokens)",
                "echo \"$line\"",
                ""));
    }

    private int passcmdRuns() throws IOException {
        return Integer.parseInt(Files.readString(home.resolve("runs")).strip());
    }

    /** The token, in clear and as XOAUTH2 sends it (base64), in nothing the run printed or logged. */
    private void assertNoSecret(CliRun run, String token) {
        String xoauth2 = Base64.getEncoder().encodeToString(
                ("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        for (String shown : List.of(run.out(), run.err(), run.log())) {
            assertThat(shown).doesNotContain(token).doesNotContain(xoauth2)
                    .doesNotContain(Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A directory below the build directory, readable by Dovecot's auth process, which may not run as us. */
    private static Path configDir() {
        try {
            Path build = Path.of(OAuth2LoginIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
            Path dir = Files.createTempDirectory(build, "oauth2-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
