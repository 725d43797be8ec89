package org.mailsync.msinfo.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncState;

/**
 * Against a server that checks passwords (scram-sha-256): the password {@code statepasscmd}
 * prints, or the URL's {@code password=}, reaches the server, and a wrong one is refused with
 * an error that shows neither the password nor the command's output.
 */
class PostgresPasswordIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void thePasswordStatepasscmdPrintsLogsIn() throws Exception {
        String url = POSTGRES.server().newDatabaseOfRole("ms_cmd", "Pa55-word");
        PostgresStateFactory factory = new PostgresStateFactory(url, "echo Pa55-word");
        try (SyncState state = factory.open("c", null, false)) {
            state.replace("c", "INBOX", Set.of("1"));
            assertThat(state.load("c", "INBOX")).containsExactly("1");
            assertThat(state.location()).isEqualTo(url);
        }
    }

    @Test
    void thePasswordInTheUrlLogsIn() throws Exception {
        String url = POSTGRES.server().newDatabaseOfRole("ms_url", "in-url");
        try (SyncState state = PostgresSyncState.open(StateUrl.of(url + "&password=in-url", null), "c", false)) {
            assertThat(state.boxnames("c")).isEmpty();
            assertThat(state.location()).doesNotContain("in-url");
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        String url = POSTGRES.server().newDatabaseOfRole("ms_wrong", "right-one");
        PostgresStateFactory factory = new PostgresStateFactory(url, "echo Wrong-Secret");
        assertThatThrownBy(() -> factory.open("c", null, false))
                .isInstanceOf(MsinfoException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("Wrong-Secret");
        assertThatThrownBy(() -> factory.open("c", null, true))
                .isInstanceOf(MsinfoException.class)
                .hasMessageNotContaining("Wrong-Secret");
    }
}
