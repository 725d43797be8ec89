package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.mailsync.report.ReportJson;

/**
 * The standard output of a {@code --json} run, checked to be exactly one JSON document (nothing
 * before or after it) that the shipped schema accepts.
 */
final class JsonDocument {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchema SCHEMA = load();

    private JsonDocument() {
    }

    /** The document {@code stdout} is, after asserting that it is one and valid. */
    static JsonNode of(String stdout) {
        assertThat(stdout).as("standard output is one line: the document").endsWith("\n");
        assertThat(stdout.strip()).as("nothing but the document").startsWith("{").endsWith("}").doesNotContain("\n");
        JsonNode doc;
        try {
            doc = MAPPER.readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError("standard output is not one JSON document:\n" + stdout, e);
        }
        Set<ValidationMessage> errors = SCHEMA.validate(doc);
        assertThat(errors).as("schema violations of\n" + stdout).isEmpty();
        return doc;
    }

    /** What the shipped schema finds wrong with a document. */
    static Set<ValidationMessage> violations(JsonNode doc) {
        return SCHEMA.validate(doc);
    }

    private static JsonSchema load() {
        try (InputStream in = ReportJson.class.getResourceAsStream(ReportJson.SCHEMA_RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of a home directory, file for file: the twin of a run compared with another. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
