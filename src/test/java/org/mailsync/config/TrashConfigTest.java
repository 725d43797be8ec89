package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Recoverable deletions in the config: a channel's {@code trashdays N} (default 30) and a
 * store's {@code trash NAME|off}, in both syntaxes; a bad value is an error naming file, line
 * and token.
 */
class TrashConfigTest {

    private static final Path HOME = Path.of("/home/u");
    private static final Path ORIGINAL = Path.of("/home/u/.mailsync");
    private static final Path YAML = Path.of("/home/u/mail.yaml");

    private static MailsyncConfig parse(String remoteKeys, String channelKeys) throws ConfigException {
        return ConfigParser.parse("store local { pat Mail/% }\nstore remote { server {h} pat * " + remoteKeys + " }\n"
                + "channel c local remote {\n msinfo m\n" + channelKeys + "}\n", ORIGINAL, HOME);
    }

    @Test
    void withoutTheKeysDeletionsAreKeptThirtyDaysInTheDefaultTrash() throws Exception {
        MailsyncConfig config = parse("", "");
        assertThat(config.channel("c").orElseThrow().trashDays()).isEqualTo(30);
        assertThat(config.store("remote").orElseThrow().trash()).isNull();
        assertThat(config.store("remote").orElseThrow().trashOff()).isFalse();
    }

    @Test
    void trashdaysAndTrashInTheOriginalSyntax() throws Exception {
        MailsyncConfig config = parse("trash Deleted", " trashdays 7\n");
        assertThat(config.channel("c").orElseThrow().trashDays()).isEqualTo(7);
        assertThat(config.store("remote").orElseThrow().trash()).isEqualTo("Deleted");
        assertThat(parse("trash off", " trashdays 0\n").store("remote").orElseThrow().trashOff()).isTrue();
    }

    @Test
    void bothKeysInYaml() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                stores:
                  local: { pat: Mail/%, trash: "off" }
                  remote: { server: "{h}", pat: "*", trash: Deleted }
                channels:
                  c:
                    stores: [local, remote]
                    msinfo: m
                    trashdays: 90
                """, YAML, HOME);
        assertThat(config.channel("c").orElseThrow().trashDays()).isEqualTo(90);
        assertThat(config.store("local").orElseThrow().trashOff()).isTrue();
        assertThat(config.store("remote").orElseThrow().trash()).isEqualTo("Deleted");
    }

    @Test
    void trashdaysIsANumberOfDays() {
        for (String bad : new String[] {"-1", "30d", "1.5", "36501"}) {
            assertThat(ConfigErrorsTest.errorAt(5, "store local { pat Mail/% }\nstore remote { server {h} pat * }\n"
                    + "channel c local remote {\n msinfo m\n trashdays " + bad + "\n}\n")).as(bad)
                    .isEqualTo("trashdays \"" + bad + "\" in channel \"c\" is not a number of days from 0 to 36500");
        }
    }

    @Test
    void aLocalStoreTakesOnlyTrashOff() {
        assertThat(ConfigErrorsTest.errorAt(1, "store local { pat Mail/% trash Bin }\nstore remote { server {h} pat * }\n"
                + "channel c local remote { msinfo m }\n")).startsWith("trash \"Bin\" in store \"local\": a local store");
    }

    @Test
    void theShippedExamplesShowTrashdays() throws Exception {
        for (Path example : new Path[] {Path.of("config/mailsync.example"), Path.of("config/mailsync.example.yaml")}) {
            assertThat(ConfigParser.parse(example, HOME).channel("laptop").orElseThrow().trashDays()).as(example.toString())
                    .isEqualTo(ChannelConfig.DEFAULT_TRASH_DAYS);
        }
    }
}
