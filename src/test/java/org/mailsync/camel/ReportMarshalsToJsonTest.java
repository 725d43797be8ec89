package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.identity;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.mbox;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The producer's {@link org.mailsync.report.RunReport} marshals to JSON with camel-jackson,
 * from a Java route ({@code marshal().json()}) and from a YAML route ({@code marshal: json}),
 * and the JSON carries the run's counts, folders and actions.
 */
class ReportMarshalsToJsonTest extends RouteSetTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:json-java").routeId("report-as-json-java")
                        .to(uri("backup", ""))
                        .marshal().json();
            }
        };
    }

    @Test
    void aJavaRouteMarshalsTheReport() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");

        String json = template.requestBody("direct:json-java", null, String.class);

        assertSyncOfThree(JSON.readTree(json));
    }

    @Test
    void aYamlRouteMarshalsTheReport() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("report-json.camel.yaml", """
                - route:
                    id: report-as-json-yaml
                    from:
                      uri: direct:json-yaml
                      steps:
                        - to:
                            uri: "%s"
                        - marshal:
                            json: {}
                """.formatted(uri("backup", ""))));
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");

        String json = template.requestBody("direct:json-yaml", null, String.class);

        assertSyncOfThree(JSON.readTree(json));
        // A second run's JSON says that nothing was copied.
        JsonNode again = JSON.readTree(template.requestBody("direct:json-yaml", null, String.class));
        assertThat(again.path("copied").isInt()).isTrue();
        assertThat(again.path("copied").asInt()).isZero();
        assertThat(again.path("actions")).isEmpty();
    }

    /** The JSON of a first sync of laptop INBOX {a1, a2} with archive INBOX {b1}. */
    private static void assertSyncOfThree(JsonNode report) {
        assertThat(report.path("operation").asText()).isEqualTo("sync");
        assertThat(report.path("channel").asText()).isEqualTo("backup");
        assertThat(report.path("exitCode").isInt()).as(report.toString()).isTrue();
        assertThat(report.path("exitCode").asInt()).isZero();
        assertThat(report.path("copied").asInt()).isEqualTo(3);
        assertThat(report.path("deleted").asInt()).isZero();
        assertThat(report.path("failed").asInt()).isZero();
        assertThat(report.path("simulated").asBoolean(true)).isFalse();
        assertThat(Instant.parse(report.path("startedAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(report.path("stores").get(0).asText()).isEqualTo("laptop");
        assertThat(report.path("stores").get(1).asText()).isEqualTo("archive");
        JsonNode inbox = report.path("folders").get(0);
        assertThat(report.path("folders")).hasSize(1);
        assertThat(inbox.path("boxname").asText()).isEqualTo("INBOX");
        assertThat(inbox.path("copiedAToB").asInt()).isEqualTo(2);
        assertThat(inbox.path("copiedBToA").asInt()).isEqualTo(1);
        assertThat(inbox.path("messages").asInt()).isEqualTo(3);
        assertThat(report.path("actions")).hasSize(3);
        assertThat(report.path("actions").findValuesAsText("identity"))
                .containsExactlyInAnyOrder(identity("a1"), identity("a2"), identity("b1"));
        assertThat(report.path("actions").findValuesAsText("action")).containsOnly("COPY");
    }
}
