package org.mailsync.msinfo.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailsync.msinfo.MsinfoException;

/**
 * The state database's password never shows: a {@code password=} in the URL is taken out of
 * the URL the driver, Flyway and every message see, and a password from {@code statepasscmd}
 * is replaced wherever a driver's message repeats it.
 */
class PostgresStateUrlTest {

    @Test
    void aPasswordInTheUrlIsTakenOutOfIt() {
        StateUrl url = StateUrl.of("jdbc:postgresql://db:5432/mailsync?user=ms&password=s%3Acret&ssl=true", null);
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db:5432/mailsync?user=ms&ssl=true");
        assertThat(url.password()).isEqualTo("s:cret");
        assertThat(url.toString()).doesNotContain("cret");
        assertThat(StateUrl.of("jdbc:postgresql://db/m?password=x", null).url()).isEqualTo("jdbc:postgresql://db/m");
        assertThat(StateUrl.of("jdbc:postgresql://db/m?user=u&password=x", null).url()).isEqualTo("jdbc:postgresql://db/m?user=u");
    }

    @Test
    void thePasscmdsPasswordWinsAndIsRedactedFromAnyText() {
        StateUrl url = StateUrl.of("jdbc:postgresql://db/m?user=u&password=inurl", "fromcmd");
        assertThat(url.password()).isEqualTo("fromcmd");
        assertThat(url.redact("FATAL: password fromcmd rejected for password=inurl")).isEqualTo(
                "FATAL: password *** rejected for password=***");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> StateUrl.of("jdbc:mysql://db/m?password=s3cret", null))
                .hasMessageContaining("not a PostgreSQL JDBC URL").hasMessageNotContaining("s3cret");
    }

    @Test
    void statepasscmdTakesTheFirstLineAndNamesFailuresWithoutOutput() throws Exception {
        assertThat(PassCommand.run("printf 'pw1\\nsecond\\n'")).isEqualTo("pw1");
        assertThatThrownBy(() -> PassCommand.run("echo leaked; exit 3"))
                .isInstanceOf(MsinfoException.class).hasMessageContaining("exit status 3").hasMessageNotContaining("leaked");
        assertThatThrownBy(() -> PassCommand.run("true")).hasMessageContaining("printed no password");
    }

    @Test
    void theFactoryShowsItsUrlWithoutThePassword() {
        assertThat(new PostgresStateFactory("jdbc:postgresql://db/m?user=u&password=s3cret", null).toString())
                .isEqualTo("jdbc:postgresql://db/m?user=u&password=***");
    }
}
