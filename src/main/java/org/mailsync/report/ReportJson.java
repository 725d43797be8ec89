package org.mailsync.report;

import java.io.PrintStream;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link RunReport} as the CLI's {@code --json} document: the report's own fields (what a
 * route's {@code marshal: json} gives) under a versioned header — {@code schema},
 * {@code schemaVersion}, {@code status} — with each action's {@code side}. The schema ships in
 * the jar as {@value #SCHEMA_RESOURCE} and is described in docs/JSON.md; a change that only
 * adds fields or codes keeps the version, anything else raises it.
 */
public final class ReportJson {

    /** The document's {@code schema} field: the name and major version of its schema. */
    public static final String SCHEMA = "mailsync-report/1";
    /** The document's {@code schemaVersion} field. */
    public static final int SCHEMA_VERSION = 1;
    /** Where the JSON Schema (draft 2020-12) of the document is on the classpath. */
    public static final String SCHEMA_RESOURCE = "/schema/mailsync-report-1.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private ReportJson() {
    }

    /** The document of a report, as a tree. */
    public static ObjectNode tree(RunReport report) {
        ObjectNode doc = MAPPER.createObjectNode();
        // The header first, so that a reader sees what it reads before the rest.
        doc.put("schema", SCHEMA);
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.put("status", report.status());
        doc.put("exitCode", report.exitCode());
        doc.setAll((ObjectNode) MAPPER.valueToTree(report));
        List<String> stores = report.stores();
        for (JsonNode action : doc.withArray("actions")) {
            String store = action.path("store").asText(null);
            String side = store == null ? null
                    : !stores.isEmpty() && store.equals(stores.get(0)) ? "A"
                    : stores.size() > 1 && store.equals(stores.get(1)) ? "B" : null;
            ((ObjectNode) action).put("side", side);
        }
        return doc;
    }

    /** The document of a report, on one line. */
    public static String document(RunReport report) {
        try {
            return MAPPER.writeValueAsString(tree(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // a report is strings, numbers and lists: it always serialises
            throw new IllegalStateException(e);
        }
    }

    /** Prints the document of a report as the one line of standard output. */
    public static void print(RunReport report, PrintStream out) {
        out.println(document(report));
        out.flush();
    }
}
