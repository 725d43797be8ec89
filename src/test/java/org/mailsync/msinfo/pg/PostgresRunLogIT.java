package org.mailsync.msinfo.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.msinfo.MsinfoException;

/**
 * The daemon's run log in the state database: each run's JSON object is kept per channel,
 * newest first, beside the states, in the same schema; text that is not JSON is refused.
 */
class PostgresRunLogIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void eachRunIsKeptPerChannelNewestFirst() throws Exception {
        String url = POSTGRES.newDatabase();
        PostgresRunLog log = new PostgresRunLog(new PostgresStateFactory(url, null));
        log.append("c", "{\"channel\": \"c\", \"exitCode\": 0}");
        log.append("d", "{\"channel\": \"d\", \"exitCode\": 2}");
        log.append("c", "{\"channel\": \"c\", \"exitCode\": 1}");

        assertThat(log.recent("c", 10)).containsExactly("{\"channel\": \"c\", \"exitCode\": 1}",
                "{\"channel\": \"c\", \"exitCode\": 0}");
        assertThat(log.recent("c", 1)).hasSize(1);
        assertThat(log.recent("d", 10)).containsExactly("{\"channel\": \"d\", \"exitCode\": 2}");
        try (PostgresSyncState state = PostgresSyncState.open(StateUrl.of(url, null), "c", false)) {
            assertThat(state.boxnames("c")).as("the same schema holds the states").isEmpty();
        }
    }

    @Test
    void textThatIsNotJsonIsRefused() throws Exception {
        PostgresRunLog log = new PostgresRunLog(new PostgresStateFactory(POSTGRES.newDatabase(), null));
        assertThatThrownBy(() -> log.append("c", "not json")).isInstanceOf(MsinfoException.class)
                .hasMessageContaining("cannot write the run log");
    }
}
