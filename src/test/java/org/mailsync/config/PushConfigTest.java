package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * A channel's {@code push on|off|BOX[,BOX...]} (IDLE in the daemon, off by default), in both
 * syntaxes; a value that names no folder is an error naming file, line and token.
 */
class PushConfigTest {

    private static final Path HOME = Path.of("/home/u");
    private static final Path ORIGINAL = Path.of("/home/u/.mailsync");
    private static final Path YAML = Path.of("/home/u/mail.yaml");
    private static final String STORES = "store local { pat Mail/% }\nstore remote { server {h} pat * }\n";

    private static ChannelConfig channel(String keys) throws ConfigException {
        return ConfigParser.parse(STORES + "channel c local remote {\n msinfo m\n" + keys + "}\n", ORIGINAL, HOME)
                .channel("c").orElseThrow();
    }

    @Test
    void withoutTheKeyNothingIsPushed() throws Exception {
        assertThat(channel("").push()).isEmpty();
        assertThat(channel(" push off\n").push()).isEmpty();
    }

    @Test
    void onWatchesTheInbox() throws Exception {
        assertThat(channel(" push on\n").push()).containsExactly("INBOX");
        assertThat(channel(" push ON\n").push()).containsExactly("INBOX");
    }

    @Test
    void aListNamesTheBoxnamesOnceEach() throws Exception {
        assertThat(channel(" push INBOX,Lists/dev,INBOX\n").push()).containsExactly("INBOX", "Lists/dev");
        assertThat(channel(" push \"INBOX, Work\"\n").push()).containsExactly("INBOX", "Work");
    }

    @Test
    void inYaml() throws Exception {
        ChannelConfig c = ConfigParser.parse("""
                stores:
                  local: { pat: Mail/% }
                  remote: { server: "{h}", pat: "*" }
                channels:
                  c:
                    stores: [local, remote]
                    msinfo: m
                    schedule: 1h
                    push: on
                """, YAML, HOME).channel("c").orElseThrow();
        assertThat(c.push()).containsExactly("INBOX");
    }

    @Test
    void aValueThatNamesNoFolderIsAnError() {
        for (String bad : new String[] {"INBOX,", "/abs", "~x"}) {
            assertThat(ConfigErrorsTest.errorAt(5, STORES + "channel c local remote {\n msinfo m\n push " + bad + "\n}\n"))
                    .as(bad).isEqualTo("push \"" + bad + "\" in channel \"c\" is not on, off or a list of boxnames"
                            + " (push INBOX,Lists/dev)");
        }
    }
}
