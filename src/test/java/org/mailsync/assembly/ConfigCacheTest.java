package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.config.ConfigException;
import org.mailsync.config.MailsyncConfig;

/**
 * A client that runs a channel again and again parses its config once, and again whenever the
 * file's bytes changed, however quickly and however sneakily (same size, same time stamp); a
 * config with an error is never kept, so every run reports it.
 */
class ConfigCacheTest {

    @TempDir
    Path home;

    private static final String CONFIG = """
            store laptop  { pat Mail/%     prefix Mail/ }
            store archive { pat Archive/%  prefix Archive/  format mbox }
            channel backup laptop archive { msinfo .msinfo }
            """;

    @Test
    void anUnchangedFileIsParsedOnce() throws Exception {
        Path file = home.resolve(".mailsync");
        Files.writeString(file, CONFIG);
        ConfigCache cache = new ConfigCache();

        MailsyncConfig first = cache.parse(file, home);

        assertThat(cache.parse(file, home)).isSameAs(first);
        assertThat(cache.parse(file, home.resolve("other"))).as("another home resolves paths anew").isNotSameAs(first);
    }

    @Test
    void anyChangeOfTheBytesIsParsedAgain() throws Exception {
        Path file = home.resolve(".mailsync");
        Files.writeString(file, CONFIG);
        ConfigCache cache = new ConfigCache();
        MailsyncConfig first = cache.parse(file, home);
        FileTime time = Files.getLastModifiedTime(file);

        Files.writeString(file, CONFIG.replace("Mail/%", "Post/%")); // same size
        Files.setLastModifiedTime(file, time);
        MailsyncConfig edited = cache.parse(file, home);

        assertThat(edited).isNotSameAs(first);
        assertThat(edited.store("laptop").orElseThrow().pattern()).isEqualTo("Post/%");
    }

    @Test
    void aWrongConfigIsReportedByEveryParse() throws Exception {
        Path file = home.resolve(".mailsync");
        Files.writeString(file, CONFIG);
        ConfigCache cache = new ConfigCache();
        cache.parse(file, home);
        Files.writeString(file, CONFIG + "channel broken laptop {\n");

        assertThatThrownBy(() -> cache.parse(file, home)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> cache.parse(file, home)).isInstanceOf(ConfigException.class);

        Files.delete(file);
        assertThatThrownBy(() -> cache.parse(file, home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Can't open config file");
    }
}
