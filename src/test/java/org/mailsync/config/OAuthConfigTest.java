package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A store's {@code auth xoauth2} in both syntaxes: the store logs in with an OAuth2 access token
 * from {@code passcmd}; without a token source, on a local store, or as {@code oauthbearer}
 * (which the IMAP client lacks) it is an error naming file, line and the way out.
 */
class OAuthConfigTest {

    private static final Path HOME = Path.of("/home/u");
    private static final Path ORIGINAL = Path.of("/home/u/.mailsync");
    private static final Path YAML = Path.of("/home/u/mail.yaml");

    private static String remote(String keys) {
        return "store local { pat Mail/% }\nstore remote { server {h} pat * " + keys + " }\n"
                + "channel c local remote { msinfo m }\n";
    }

    @Test
    void withoutAuthAStoreLogsInWithItsPassword() throws Exception {
        StoreConfig remote = ConfigParser.parse(remote("passwd s"), ORIGINAL, HOME).store("remote").orElseThrow();
        assertThat(remote.auth()).isNull();
        assertThat(remote.oauth2()).isFalse();
    }

    @Test
    void authXoauth2WithPasscmdInTheOriginalSyntax() throws Exception {
        StoreConfig remote = ConfigParser.parse(remote("auth XOAUTH2 passcmd \"oama access alice@example.org\""), ORIGINAL, HOME)
                .store("remote").orElseThrow();
        assertThat(remote.auth()).isEqualTo(StoreConfig.AUTH_XOAUTH2);
        assertThat(remote.oauth2()).isTrue();
        assertThat(remote.passcmd()).isEqualTo("oama access alice@example.org");
    }

    @Test
    void authXoauth2InYamlMeansTheSame() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                stores:
                  local: { pat: Mail/% }
                  remote: { server: "{h}", pat: "*", auth: xoauth2, passcmd: oama access alice@example.org }
                channels:
                  c: { stores: [local, remote], msinfo: m }
                """, YAML, HOME);
        assertThat(config.store("remote").orElseThrow().oauth2()).isTrue();
    }

    @Test
    void authPasswordIsTheDefaultSpelledOut() throws Exception {
        assertThat(ConfigParser.parse(remote("auth password passwd s"), ORIGINAL, HOME).store("remote").orElseThrow().oauth2())
                .isFalse();
    }

    @Test
    void xoauth2NeedsAPasscmdForItsToken() {
        assertThat(ConfigErrorsTest.errorAt(2, remote("auth xoauth2")))
                .isEqualTo("store \"remote\" has auth xoauth2 but no passcmd: add a command that prints a fresh access token,"
                        + " e.g. passcmd \"oauth2-helper --token alice\"");
    }

    @Test
    void oauthbearerIsRefusedWithTheWayOut() {
        assertThat(ConfigErrorsTest.errorAt(2, remote("auth oauthbearer passcmd x")))
                .isEqualTo("auth \"oauthbearer\" in store \"remote\" is not supported (the IMAP client offers XOAUTH2 only);"
                        + " use auth xoauth2 with the same token");
    }

    @Test
    void anUnknownMechanismOrALocalStoreIsAnError() {
        assertThat(ConfigErrorsTest.errorAt(2, remote("auth cram-md5 passwd s")))
                .startsWith("invalid auth \"cram-md5\" in store \"remote\" (expected password, xoauth2, oauthbearer)");
        assertThat(ConfigErrorsTest.errorAt(1, "store local { pat Mail/% auth xoauth2 }\nstore remote { server {h} pat * }\n"
                + "channel c local remote { msinfo m }\n")).startsWith("key \"auth\" is for IMAP stores only");
    }
}
