package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mailsync.sync.DeletionLimit;

/**
 * A channel's {@code flags on|off} (three-way flag sync, on by default) and
 * {@code maxdelete PERCENT[/FLOOR]} (the deletion circuit breaker, default 50/20), in both
 * syntaxes; a bad value is an error naming file, line and token.
 */
class FlagsAndMaxDeleteConfigTest {

    private static final Path HOME = Path.of("/home/u");
    private static final Path ORIGINAL = Path.of("/home/u/.mailsync");
    private static final Path YAML = Path.of("/home/u/mail.yaml");
    private static final String STORES = "store local { pat Mail/% }\nstore remote { server {h} pat * }\n";

    private static ChannelConfig channel(String keys) throws ConfigException {
        return ConfigParser.parse(STORES + "channel c local remote {\n msinfo m\n" + keys + "}\n", ORIGINAL, HOME)
                .channel("c").orElseThrow();
    }

    @Test
    void withoutTheKeysFlagsAreSyncedAndTheBreakerIsFiftyTwenty() throws Exception {
        ChannelConfig c = channel("");
        assertThat(c.syncFlags()).isTrue();
        assertThat(c.maxDelete()).isEqualTo(new DeletionLimit(50, 20)).isEqualTo(DeletionLimit.DEFAULT);
    }

    @Test
    void flagsOnOrOff() throws Exception {
        assertThat(channel(" flags off\n").syncFlags()).isFalse();
        assertThat(channel(" flags OFF\n").syncFlags()).isFalse();
        assertThat(channel(" flags on\n").syncFlags()).isTrue();
    }

    @Test
    void maxdeletePercentWithOrWithoutFloor() throws Exception {
        assertThat(channel(" maxdelete 30/10\n").maxDelete()).isEqualTo(new DeletionLimit(30, 10));
        assertThat(channel(" maxdelete 30\n").maxDelete()).isEqualTo(new DeletionLimit(30, 20));
        assertThat(channel(" maxdelete 100\n").maxDelete()).isEqualTo(new DeletionLimit(100, 20));
        assertThat(channel(" maxdelete 0/0\n").maxDelete()).isEqualTo(new DeletionLimit(0, 0));
    }

    @Test
    void bothKeysInYaml() throws Exception {
        ChannelConfig c = ConfigParser.parse("""
                stores:
                  local: { pat: Mail/% }
                  remote: { server: "{h}", pat: "*" }
                channels:
                  c:
                    stores: [local, remote]
                    msinfo: m
                    flags: off
                    maxdelete: 30/10
                """, YAML, HOME).channel("c").orElseThrow();
        assertThat(c.syncFlags()).isFalse();
        assertThat(c.maxDelete()).isEqualTo(new DeletionLimit(30, 10));
    }

    @Test
    void flagsIsOnOrOff() {
        for (String bad : new String[] {"yes", "true", "1"}) {
            assertThat(ConfigErrorsTest.errorAt(5, STORES + "channel c local remote {\n msinfo m\n flags " + bad + "\n}\n"))
                    .as(bad).isEqualTo("invalid flags \"" + bad + "\" in channel \"c\" (expected on, off)");
        }
    }

    @Test
    void maxdeleteIsAPercentageWithAnOptionalFloor() {
        for (String bad : new String[] {"101", "50%", "0.5", "-1", "50/", "/20", "50/20/1", "half", "50/-1", "1000"}) {
            assertThat(ConfigErrorsTest.errorAt(5, STORES + "channel c local remote {\n msinfo m\n maxdelete " + bad
                    + "\n}\n")).as(bad).isEqualTo("maxdelete \"" + bad + "\" in channel \"c\" is not PERCENT[/FLOOR]: the"
                    + " share of a folder's synced messages one run may delete, from 0 to 100, optionally with the number"
                    + " of deletions always allowed (default 20), e.g. maxdelete 30/10");
        }
    }

    @Test
    void maxdeleteInYamlIsCheckedTheSameWay() {
        String detail = YamlConfigTest.channelKeyError("maxdelete: 50%");
        assertThat(detail).startsWith("maxdelete \"50%\" in channel \"c\" is not PERCENT[/FLOOR]");
    }

    @Test
    void theShippedExamplesShowBothKeys() throws Exception {
        for (Path example : new Path[] {Path.of("config/mailsync.example"), Path.of("config/mailsync.example.yaml")}) {
            ChannelConfig c = ConfigParser.parse(example, HOME).channel("laptop").orElseThrow();
            assertThat(c.syncFlags()).as(example.toString()).isTrue();
            assertThat(c.maxDelete()).as(example.toString()).isEqualTo(DeletionLimit.DEFAULT);
        }
    }
}
