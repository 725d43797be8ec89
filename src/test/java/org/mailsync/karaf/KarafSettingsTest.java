package org.mailsync.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The properties of PID {@code org.mailsync} as the daemon's settings. */
class KarafSettingsTest {

    private static final Path USER_HOME = Path.of(System.getProperty("user.home"));

    private static Dictionary<String, Object> properties(Map<String, Object> values) {
        return new Hashtable<>(values);
    }

    @Test
    void onlyConfigGivesDefaultsBesideTheConfigFile() {
        KarafSettings settings = KarafSettings.of(properties(Map.of("config", "/srv/mail/.mailsync")));

        assertThat(settings.config()).isEqualTo(Path.of("/srv/mail/.mailsync"));
        assertThat(settings.home()).isEqualTo(Path.of("/srv/mail"));
        assertThat(settings.routes()).isNull();
        assertThat(settings.channels()).as("every channel with a schedule").isNull();
        assertThat(settings.runLog()).isEqualTo(Path.of("/srv/mail/.mailsync-runs.jsonl"));
    }

    @Test
    void everyKeyIsReadAndRelativePathsResolveAgainstHome() {
        KarafSettings settings = KarafSettings.of(properties(Map.of(
                "config", " /etc/mailsync.yaml ",
                "home", "/home/alice",
                "routes", "routes",
                "channels", "office, other  archive",
                "runlog", "logs/runs.jsonl")));

        assertThat(settings.config()).isEqualTo(Path.of("/etc/mailsync.yaml"));
        assertThat(settings.home()).isEqualTo(Path.of("/home/alice"));
        assertThat(settings.routes()).isEqualTo(Path.of("/home/alice/routes"));
        assertThat(settings.channels()).containsExactly("office", "other", "archive");
        assertThat(settings.runLog()).isEqualTo(Path.of("/home/alice/logs/runs.jsonl"));
    }

    @Test
    void aTildeIsTheUsersHomeAndSoIsARelativeConfig() {
        assertThat(KarafSettings.of(properties(Map.of("config", "~/.mailsync"))).config())
                .isEqualTo(USER_HOME.resolve(".mailsync"));
        assertThat(KarafSettings.of(properties(Map.of("config", ".mailsync"))).config())
                .isEqualTo(USER_HOME.resolve(".mailsync").toAbsolutePath());
        assertThat(KarafSettings.of(properties(Map.of("config", "/c/.mailsync", "home", "~"))).home()).isEqualTo(USER_HOME);
    }

    @Test
    void blankValuesAreAbsentAndAnEmptyChannelListRunsNone() {
        KarafSettings settings = KarafSettings.of(properties(Map.of("config", "/m/.mailsync", "routes", "  ", "channels", " , ")));

        assertThat(settings.routes()).isNull();
        assertThat(settings.channels()).isEqualTo(List.of());
    }

    @Test
    void aMissingConfigIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> KarafSettings.of(properties(Map.of("channels", "office"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key \"config\" of org.mailsync is missing");
    }
}
