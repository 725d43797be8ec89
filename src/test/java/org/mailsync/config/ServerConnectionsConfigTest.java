package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The global {@code serverconnections N} (the most IMAP connections the deployment holds at
 * once to one server and login, over all channels), in the original format and in YAML: read
 * alike, checked alike, absent meaning unbounded.
 */
class ServerConnectionsConfigTest {

    static final Path HOME = Path.of("/home/u");
    static final String STORES = """
            store a { pat Mail/%  prefix Mail/ }
            store b { server {imap.example.org/ssl/user=alice}  pat *  passwd x  maxconnections 4 }
            channel c a b { msinfo .msinfo }
            """;

    @Test
    void withoutServerconnectionsThereIsNoLimit() throws Exception {
        assertThat(ConfigParser.parse(STORES, Path.of("mailsync"), HOME).serverConnections()).isNull();
    }

    @Test
    void serverconnectionsIsReadInTheOriginalFormat() throws Exception {
        MailsyncConfig config = ConfigParser.parse("serverconnections 12\n" + STORES, Path.of("mailsync"), HOME);

        assertThat(config.serverConnections()).isEqualTo(12);
        assertThat(config.channel("c")).isPresent();
    }

    @Test
    void serverconnectionsIsReadInYaml() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                serverconnections: 2
                stores:
                  a: { pat: Mail/%, prefix: Mail/ }
                  b: { server: "{imap.example.org/ssl/user=alice}", pat: "*", passwd: x }
                channels:
                  c: { stores: [a, b], msinfo: .msinfo }
                """, Path.of("mailsync.yaml"), HOME);

        assertThat(config.serverConnections()).isEqualTo(2);
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        for (String bad : new String[] {"0", "-1", "two", "0x10", "4.0", "10001"}) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                    "serverconnections " + bad + "\n" + STORES, Path.of("mailsync"), HOME));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.getMessage()).contains("mailsync:1", "serverconnections", "from 1 to 10000");
        }
        ConfigException twice = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                "serverconnections 2\n" + STORES + "serverconnections 3\n", Path.of("mailsync"), HOME));
        assertThat(twice.getMessage()).contains("given twice", "first at line 1");
        ConfigException yaml = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                "serverconnections: lots\n", Path.of("mailsync.yaml"), HOME));
        assertThat(yaml.getMessage()).contains("mailsync.yaml:1", "serverconnections");
    }
}
