package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The README's examples for OAuth2, push and special-use pairing are configs the parser
 * accepts, with the meaning the README gives them: each is parsed with the stores of the
 * README's main config ("### A config"), whose channel it stands in for.
 */
class ReadmeImapExamplesTest {

    private static final String README = readme();

    @Test
    void theOauth2StoreLogsInWithATokenFromItsCommand() throws Exception {
        StoreConfig gmail = parse(block("**OAuth2**")).store("gmail").orElseThrow();

        assertThat(gmail.auth()).isEqualTo(StoreConfig.AUTH_XOAUTH2);
        assertThat(gmail.passcmd()).isEqualTo("oama access alice@gmail.com");
    }

    @Test
    void thePushChannelWatchesItsInboxBesideItsSchedule() throws Exception {
        ChannelConfig office = parse(stores() + block("with `push on` the daemon")).channel("office").orElseThrow();

        assertThat(office.push()).containsExactly("INBOX");
        assertThat(office.schedule()).isEqualTo("1h");
    }

    @Test
    void theSpecialUseChannelPairsFoldersByTheirUse() throws Exception {
        ChannelConfig office = parse(stores() + block("are paired with `specialuse on`")).channel("office").orElseThrow();

        assertThat(office.specialUse()).isTrue();
    }

    /** The first fenced block after a piece of README text. */
    private static String block(String after) {
        int at = README.indexOf(after);
        assertThat(at).as("README says: " + after).isNotNegative();
        int start = README.indexOf("```\n", at) + 4;
        return README.substring(start, README.indexOf("```", start));
    }

    /** The stores of the README's main config, without its channel. */
    private static String stores() {
        String main = block("### A config");
        return main.substring(0, main.indexOf("channel office"));
    }

    private static MailsyncConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, Path.of("README.md"), Path.of("/home/u"));
    }

    private static String readme() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
