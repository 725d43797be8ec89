package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.config.ConfigErrorsTest.errorAt;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A value is whatever token follows its key, as in the original, even when it is spelled like
 * a key ({@code msinfo msinfo}: a state file named "msinfo", as the original's documentation
 * calls it). Only the common mistake of a key left without its value, visible in the layout of
 * the lines, is still an error (see {@link ConfigErrorsTest#missingValueSwallowingNextKey()}).
 */
class ValueSpelledLikeAKeyTest {

    static final Path HOME = Path.of("/home/u");

    static MailsyncConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, Path.of("/home/u/.mailsync"), HOME);
    }

    @Test
    void msinfoNamedMsinfoIsAccepted() throws Exception {
        MailsyncConfig config = parse("""
                store a { pat A/% prefix A/ }
                store b { pat B/% prefix B/ }
                channel c a b { msinfo msinfo }
                """);

        ChannelConfig channel = config.channel("c").orElseThrow();
        assertThat(channel.msinfo()).isEqualTo("msinfo");
        assertThat(channel.msinfoPath(HOME)).isEqualTo(HOME.resolve("msinfo"));
    }

    @Test
    void everyKeyTakesAValueSpelledLikeAnyKeyOnItsLine() throws Exception {
        MailsyncConfig config = parse("""
                store a {
                    pat     pat
                    prefix  passwd
                    passwd  prefix
                }
                store b { pat B/% }
                channel c a b {
                    msinfo    sizelimit
                    passwd    msinfo
                }
                """);

        StoreConfig a = config.store("a").orElseThrow();
        assertThat(a.pattern()).isEqualTo("pat");
        assertThat(a.prefix()).isEqualTo("passwd");
        assertThat(a.password()).isEqualTo("prefix");
        ChannelConfig c = config.channel("c").orElseThrow();
        assertThat(c.msinfo()).isEqualTo("sizelimit");
        assertThat(c.password()).isEqualTo("msinfo");
    }

    @Test
    void aValueSpelledLikeAKeyAloneOnTheNextLineIsTheValue() throws Exception {
        // The original's rule: the next token is the value. Nothing on the line after it says
        // otherwise, so it is taken, as the original takes it.
        StoreConfig s = parse("store s {\n pat INBOX\n prefix\n   passwd\n}\n").store("s").orElseThrow();

        assertThat(s.prefix()).isEqualTo("passwd");
        assertThat(s.password()).isNull();
    }

    @Test
    void aKeyWithItsOwnValueOnTheNextLineIsAMissingValue() {
        // prefix alone on its line, then "passwd secret": the value of prefix is missing, and
        // taking "passwd" as the prefix would leave "secret" to be read as a key.
        assertThat(errorAt(3, "store s {\n prefix\n passwd secret\n pat INBOX }"))
                .isEqualTo("missing value for \"prefix\" in store \"s\" (found key \"passwd\", which has its own value"
                        + " on line 3); write prefix \"\" for an empty value");
        assertThat(errorAt(3, "channel c a b {\n msinfo\n sizelimit 10 }"))
                .startsWith("missing value for \"msinfo\" in channel \"c\" (found key \"sizelimit\"");
    }

    @Test
    void quotingAValueStillWorks() throws Exception {
        ChannelConfig c = parse("store a { pat A }\nstore b { pat B }\nchannel c a b {\n msinfo\n \"sizelimit\" sizelimit 10 }")
                .channel("c").orElseThrow();

        assertThat(c.msinfo()).isEqualTo("sizelimit");
        assertThat(c.sizeLimit()).isEqualTo(10);
    }

    @Test
    void yamlTakesAValueSpelledLikeAKeyToo() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                stores:
                  a: { pat: pat, prefix: passwd }
                  b: { pat: B/% }
                channels:
                  c: { stores: [a, b], msinfo: msinfo }
                """, Path.of("/home/u/mail.yaml"), HOME);

        assertThat(config.channel("c").orElseThrow().msinfo()).isEqualTo("msinfo");
        assertThat(config.store("a").orElseThrow().prefix()).isEqualTo("passwd");
    }
}
