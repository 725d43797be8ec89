package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The keys of parallel folder pairs, in both syntaxes: a channel's {@code parallel} (folder
 * pairs synced at once) and an IMAP store's {@code maxconnections} (connections a run opens to
 * its server). Both are whole numbers from 1 to 64, mean the same in YAML, are absent unless
 * written, and a bad value is an error naming file, line and token.
 */
class ParallelConfigTest {

    private static final Path HOME = Path.of("/home/u");
    private static final Path ORIGINAL = Path.of("/home/u/.mailsync");
    private static final Path YAML = Path.of("/home/u/mail.yaml");

    private static final String STORES = """
            store local { pat Mail/% }
            store remote {
                server {imap.example.org/ssl/user=alice}
                pat    INBOX*
                maxconnections 2
            }
            """;

    @Test
    void bothKeysInTheOriginalSyntax() throws Exception {
        MailsyncConfig config = ConfigParser.parse(STORES + "channel c local remote {\n msinfo m\n parallel 8\n}\n", ORIGINAL,
                HOME);

        assertThat(config.channel("c").orElseThrow().parallel()).isEqualTo(8);
        assertThat(config.store("remote").orElseThrow().maxConnections()).isEqualTo(2);
        assertThat(config.store("remote").orElseThrow().connectionLimit()).isEqualTo(2);
    }

    @Test
    void bothKeysInYaml() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                stores:
                  local: { pat: Mail/% }
                  remote:
                    server: "{imap.example.org/ssl/user=alice}"
                    pat: INBOX*
                    maxconnections: 2
                channels:
                  c:
                    stores: [local, remote]
                    msinfo: m
                    parallel: 8
                """, YAML, HOME);

        assertThat(config.channel("c").orElseThrow().parallel()).isEqualTo(8);
        assertThat(config.store("remote").orElseThrow().maxConnections()).isEqualTo(2);
    }

    @Test
    void withoutTheKeysTheDefaultsApply() throws Exception {
        MailsyncConfig config = ConfigParser.parse("store local { pat Mail/% }\nstore remote { server {h} pat * }\n"
                + "channel c local remote { msinfo m }\n", ORIGINAL, HOME);

        assertThat(config.channel("c").orElseThrow().parallel()).isNull();
        assertThat(config.store("remote").orElseThrow().maxConnections()).isNull();
        assertThat(config.store("remote").orElseThrow().connectionLimit()).isEqualTo(StoreConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(ChannelConfig.DEFAULT_PARALLEL).isEqualTo(StoreConfig.DEFAULT_MAX_CONNECTIONS).isEqualTo(4);
    }

    @Test
    void parallelIsANumberFromOneTo64() {
        for (String bad : new String[] {"0", "65", "many", "-2", "4.0", "0x10", "1e3"}) {
            String channel = STORES + "channel c local remote {\n msinfo m\n parallel " + bad + "\n}\n";

            assertThat(ConfigErrorsTest.errorAt(9, channel)).as(bad).isEqualTo("parallel \"" + bad
                    + "\" in channel \"c\" is not a number of folder pairs synced at once from 1 to 64");
        }
    }

    @Test
    void parallelInYamlIsCheckedTheSameWay() {
        String detail = YamlConfigTest.channelKeyError("parallel: 0x10");
        assertThat(detail).isEqualTo("parallel \"0x10\" in channel \"c\" is not a number of folder pairs synced at once from 1 to 64");
    }

    @Test
    void maxconnectionsIsANumberFromOneTo64() {
        for (String bad : new String[] {"0", "65", "all"}) {
            String text = "store remote {\n server {h}\n pat *\n maxconnections " + bad + "\n}\n";

            assertThat(ConfigErrorsTest.errorAt(4, text)).as(bad).isEqualTo("maxconnections \"" + bad
                    + "\" in store \"remote\" is not a number of connections from 1 to 64");
        }
    }

    @Test
    void maxconnectionsIsForImapStoresOnly() {
        assertThat(ConfigErrorsTest.errorAt(2, "store local { pat Mail/%\n maxconnections 2 }\n")).isEqualTo(
                "key \"maxconnections\" is for IMAP stores only, but store \"local\" has no server (a local store needs"
                        + " no connections)");
    }

    @Test
    void theShippedExamplesShowBothKeys() throws Exception {
        for (Path example : new Path[] {Path.of("config/mailsync.example"), Path.of("config/mailsync.example.yaml")}) {
            MailsyncConfig config = ConfigParser.parse(example, HOME);

            assertThat(config.channel("laptop").orElseThrow().parallel()).as(example.toString()).isEqualTo(4);
            assertThat(config.store("remote").orElseThrow().maxConnections()).as(example.toString()).isEqualTo(4);
        }
    }
}
