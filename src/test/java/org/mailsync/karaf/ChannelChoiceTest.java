package org.mailsync.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;

/** Which channels the daemon in Karaf runs: the {@code channels} key, else every scheduled one. */
class ChannelChoiceTest {

    private static final Path HOME = Path.of("/home/alice");

    private static MailsyncConfig config(String text) throws Exception {
        return ConfigParser.parse(text, HOME.resolve(".mailsync"), HOME);
    }

    private static final String STORES = """
            store a { pat A/% prefix A/ }
            store b { pat B/% prefix B/ }
            """;

    @Test
    void withoutTheKeyEveryChannelWithAScheduleRuns() throws Exception {
        MailsyncConfig config = config(STORES + """
                channel often  a b { msinfo .m1 schedule 1m }
                channel manual a b { msinfo .m2 }
                channel daily  a b { msinfo .m3 schedule "0 0 3 * * ?" }
                """);

        ChannelChoice choice = ChannelChoice.of(config, null, false);

        assertThat(choice.schedules()).containsExactly(Map.entry("often", "1m"), Map.entry("daily", "0 0 3 * * ?"));
        assertThat(choice.pushed()).isEmpty();
    }

    @Test
    void theKeyRunsExactlyTheNamedChannels() throws Exception {
        MailsyncConfig config = config(STORES + """
                channel often  a b { msinfo .m1 schedule 1m }
                channel daily  a b { msinfo .m3 schedule 1d }
                """);

        assertThat(ChannelChoice.of(config, List.of("daily"), false).schedules()).containsOnlyKeys("daily");
    }

    @Test
    void anUnknownOrUnscheduledChannelIsRefusedSayingWhy() throws Exception {
        MailsyncConfig config = config(STORES + """
                channel often  a b { msinfo .m1 schedule 1m }
                channel manual a b { msinfo .m2 }
                """);

        assertThatThrownBy(() -> ChannelChoice.of(config, List.of("office"), false))
                .hasMessageContaining("channel \"office\" of key channels is not in")
                .hasMessageContaining("often, manual");
        assertThatThrownBy(() -> ChannelChoice.of(config, List.of("manual"), false))
                .hasMessageContaining("channel \"manual\" has no schedule");
    }

    @Test
    void nothingToRunIsRefusedUnlessTheUsersRoutesRun() throws Exception {
        MailsyncConfig config = config(STORES + "channel manual a b { msinfo .m2 }\n");

        assertThatThrownBy(() -> ChannelChoice.of(config, null, false)).hasMessageContaining("has a schedule");
        assertThat(ChannelChoice.of(config, null, true).schedules()).isEmpty();
    }
}
