package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailsync --version} prints the pom's version and exits 0, without a config or a channel. */
class VersionOptionTest {

    /** The project's own version: the first {@code <version>} after its artifactId. */
    private static final Pattern POM_VERSION =
            Pattern.compile("<artifactId>mailsync-camel</artifactId>\\s*<version>([^<]+)</version>");

    @TempDir
    Path home;

    @Test
    void printsThePomVersionAndExitsZero() throws Exception {
        Matcher pom = POM_VERSION.matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pom.find()).as("pom.xml names the project's version").isTrue();

        CliRun run = CliRun.run(home, "--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("mailsync " + pom.group(1) + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }
}
