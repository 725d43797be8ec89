package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A store's provider limits in the config: {@code maxconnections} (default 4) and
 * {@code throttle RATE} in bytes, KiB or MiB per second, in both syntaxes; a bad rate or a
 * throttle on a local store is an error naming file, line and token.
 */
class ProviderLimitsConfigTest {

    private static final Path HOME = Path.of("/home/u");
    private static final Path ORIGINAL = Path.of("/home/u/.mailsync");

    private static StoreConfig remote(String keys) throws ConfigException {
        return ConfigParser.parse("store local { pat Mail/% }\nstore remote { server {h} pat * passwd s " + keys + " }\n"
                + "channel c local remote { msinfo m }\n", ORIGINAL, HOME).store("remote").orElseThrow();
    }

    @Test
    void withoutTheKeysFourConnectionsAndNoThrottle() throws Exception {
        assertThat(remote("").connectionLimit()).isEqualTo(4);
        assertThat(remote("").throttle()).isNull();
    }

    @Test
    void throttleTakesBytesKibOrMibPerSecond() throws Exception {
        assertThat(remote("throttle 500k").throttle()).isEqualTo(500L * 1024);
        assertThat(remote("throttle 2M").throttle()).isEqualTo(2L * 1024 * 1024);
        assertThat(remote("throttle 65536").throttle()).isEqualTo(65536L);
        assertThat(remote("maxconnections 2 throttle 1k").connectionLimit()).isEqualTo(2);
    }

    @Test
    void throttleInYaml() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                stores:
                  local: { pat: Mail/% }
                  remote: { server: "{h}", pat: "*", passwd: s, throttle: 256k, maxconnections: 2 }
                channels:
                  c: { stores: [local, remote], msinfo: m }
                """, Path.of("/home/u/mail.yaml"), HOME);
        assertThat(config.store("remote").orElseThrow().throttle()).isEqualTo(256L * 1024);
    }

    @Test
    void aRateBelowOneKibOrNotARateIsAnError() {
        for (String bad : new String[] {"0", "512", "1.5m", "fast", "10kb"}) {
            assertThat(ConfigErrorsTest.errorAt(2, "store local { pat Mail/% }\nstore remote { server {h} pat * throttle "
                    + bad + " }\nchannel c local remote { msinfo m }\n")).as(bad)
                    .startsWith("throttle \"" + bad + "\" in store \"remote\" is not a rate of at least 1k");
        }
    }

    @Test
    void aLocalStoreHasNoThrottle() {
        assertThat(ConfigErrorsTest.errorAt(1, "store local { pat Mail/% throttle 1m }\nstore remote { server {h} pat * }\n"
                + "channel c local remote { msinfo m }\n")).startsWith("key \"throttle\" is for IMAP stores only");
    }
}
