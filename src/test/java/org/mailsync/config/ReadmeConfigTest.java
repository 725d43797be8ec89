package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The config shown in README.md is one the parser accepts, with the meaning the README gives it. */
class ReadmeConfigTest {

    @Test
    void readmeConfigParses() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### A config");
        int start = readme.indexOf("```\n", section) + 4;
        int end = readme.indexOf("```", start);
        String text = readme.substring(start, end);

        MailsyncConfig config = ConfigParser.parse(text, Path.of("README.md"), Path.of("/home/u"));

        assertThat(config.stores()).containsOnlyKeys("laptop", "work");
        assertThat(config.store("work").orElseThrow().passcmd()).isEqualTo("pass show mail/work");
        assertThat(config.store("work").orElseThrow().prefix()).isEmpty();
        ChannelConfig office = config.channel("office").orElseThrow();
        assertThat(office.sizeLimit()).isEqualTo(20_000_000L);
        assertThat(office.msinfoPath(Path.of("/home/u"))).isEqualTo(Path.of("/home/u/.mailsync-office.db"));
    }
}
