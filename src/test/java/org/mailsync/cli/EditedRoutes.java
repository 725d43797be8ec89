package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A user's edited copy of the built-in route set, as {@code --routes DIR} takes it. */
final class EditedRoutes {

    private EditedRoutes() {
    }

    /**
     * Writes {@code dir/mailsync.camel.yaml}: the built-in set with one piece of YAML replaced
     * (which must be there, or the test would silently run the unedited set).
     */
    static Path write(Path dir, String builtInYaml, String replacement) throws IOException {
        String builtIn = Files.readString(Path.of("routes/mailsync.camel.yaml"));
        String edited = builtIn.replace(builtInYaml, replacement);
        assertThat(edited).as("the edit applies to the built-in route set").isNotEqualTo(builtIn);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mailsync.camel.yaml"), edited);
        return dir;
    }
}
