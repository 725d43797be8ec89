package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The global {@code state} and {@code statepasscmd} keys, in the original format and in YAML:
 * read alike, checked alike, and no message or {@code toString} shows a password written into
 * the URL.
 */
class PostgresStateConfigTest {

    static final Path HOME = Path.of("/home/u");
    static final String STORES = """
            store a { pat Mail/%  prefix Mail/ }
            store b { pat Arch/%  prefix Arch/ }
            channel c a b { msinfo .msinfo }
            """;

    @Test
    void withoutStateChannelsKeepTheirMsinfoFiles() throws Exception {
        assertThat(ConfigParser.parse(STORES, Path.of("mailsync"), HOME).state()).isNull();
    }

    @Test
    void stateAndStatepasscmdAreReadInTheOriginalFormat() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                state jdbc:postgresql://db:5432/mailsync?user=ms
                statepasscmd "pass show db/mailsync"
                """ + STORES, Path.of("mailsync"), HOME);
        assertThat(config.state().url()).isEqualTo("jdbc:postgresql://db:5432/mailsync?user=ms");
        assertThat(config.state().passcmd()).isEqualTo("pass show db/mailsync");
        assertThat(config.state().location().line()).isEqualTo(1);
        assertThat(config.channel("c")).isPresent();
    }

    @Test
    void stateIsReadInYaml() throws Exception {
        MailsyncConfig config = ConfigParser.parse("""
                state: "jdbc:postgresql://db/mailsync?user=ms"
                statepasscmd: pass show db
                stores:
                  a: { pat: Mail/%, prefix: Mail/ }
                  b: { pat: Arch/%, prefix: Arch/ }
                channels:
                  c: { stores: [a, b], msinfo: .msinfo }
                """, Path.of("mailsync.yaml"), HOME);
        assertThat(config.state().url()).isEqualTo("jdbc:postgresql://db/mailsync?user=ms");
        assertThat(config.state().passcmd()).isEqualTo("pass show db");
    }

    @Test
    void aPasswordInTheUrlIsNeverShown() throws Exception {
        MailsyncConfig config = ConfigParser.parse("state jdbc:postgresql://db/m?user=u&password=s3cret\n" + STORES,
                Path.of("mailsync"), HOME);
        assertThat(config.state().toString()).doesNotContain("s3cret").contains("password=***");
        assertThat(config.toString()).doesNotContain("s3cret");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                "state jdbc:mysql://db/m?password=s3cret\n" + STORES, Path.of("mailsync"), HOME));
        assertThat(e.getMessage()).contains("mailsync:1", "not a PostgreSQL JDBC URL").doesNotContain("s3cret");
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        ConfigException twice = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                "state jdbc:postgresql://a/m\nstate jdbc:postgresql://b/m\n" + STORES, Path.of("mailsync"), HOME));
        assertThat(twice.getMessage()).contains("mailsync:2", "given twice", "first at line 1");
        ConfigException alone = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                STORES + "statepasscmd \"pass db\"\n", Path.of("mailsync"), HOME));
        assertThat(alone.getMessage()).contains("\"statepasscmd\" without \"state\"");
        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(
                "state\n", Path.of("mailsync"), HOME));
        assertThat(missing.getMessage()).contains("missing value for \"state\"");
    }
}
