package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.snapshot;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;
import org.mailsync.report.RunReport;

/**
 * How a {@code mailsync:} URI's options are read: an unknown option makes Camel refuse the
 * endpoint; an operation that is not sync, diff or list, diff without a store, or an unknown
 * identity mode fail with a message that says what is wrong; {@code config=} is relative to
 * {@code home=} ({@code ~/} too) or absolute; and the consumer's {@code delay}/
 * {@code initialDelay} take durations as well as milliseconds.
 */
class EndpointOptionsTest extends RouteSetTestSupport {

    @Test
    void anUnknownOptionIsRefusedWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> context.getEndpoint(uri("backup", "dryRunn=true")))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("dryRunn");
        assertThatThrownBy(() -> template.sendBody(uri("backup", "bogus=1"), null))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("Unknown parameters=[{bogus=1}]");
    }

    @Test
    void anEndpointWithoutANameIsRefused() {
        assertThatThrownBy(() -> context.getEndpoint("mailsync:?home=" + home))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("mailsync: needs a channel");
    }

    @Test
    void anUnknownOperationIsAClearError() throws Exception {
        Map<String, String> before = snapshot(home);

        assertThat(failureOf(uri("backup", "operation=bogus")))
                .hasStackTraceContaining("operation \"bogus\" is not one of sync, diff, list");
        assertThat(snapshot(home)).isEqualTo(before);
    }

    @Test
    void anUnknownOperationInTheHeaderIsAClearError() {
        Exchange reply = request(uri("backup", ""), Map.of(MailsyncConstants.OPERATION, "copy"));

        assertThat(reply.getException()).hasMessageContaining("operation \"copy\" is not one of sync, diff, list");
    }

    @Test
    void diffWithoutAStoreIsAClearError() {
        assertThat(failureOf(uri("backup", "operation=diff")))
                .hasStackTraceContaining("mailsync:backup?operation=diff needs store=STORE");
    }

    /** The message names the option and its values, not a Java enum constant. */
    @Test
    void anUnknownIdentityModeIsAClearError() {
        Throwable failure = failureOf(uri("backup", "identity=sha1"));

        assertThat(failure).isNotNull();
        assertThat(failure).hasStackTraceContaining("identity").hasStackTraceContaining("msgid")
                .hasStackTraceContaining("md5").hasStackTraceContaining("auto");
    }

    @Test
    void theConfigIsRelativeToHomeWithOrWithoutTildeOrAbsolute() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        String home = "mailsync:backup?dryRun=true&home=" + this.home;

        for (String config : new String[] {CONFIG, "~/" + CONFIG, this.home.resolve(CONFIG).toString()}) {
            RunReport report = report(home + "&config=" + config);
            assertThat(report.channel()).as(config).isEqualTo("backup");
            assertThat(report.copied()).as(config).isEqualTo(1);
        }
        // Without config= the default ~/.mailsync of home is read: there is none here.
        assertThat(failureOf(home)).hasStackTraceContaining(this.home.resolve(".mailsync").toString());
    }

    @Test
    void consumerDelaysTakeDurationsAsWellAsMilliseconds() throws Exception {
        MailsyncConsumer delayed = (MailsyncConsumer) context.getEndpoint(uri("backup", "delay=15m&initialDelay=10s"))
                .createConsumer(e -> { });
        assertThat(delayed.getDelay()).isEqualTo(15 * 60 * 1000L);
        assertThat(delayed.getInitialDelay()).isEqualTo(10_000L);
        MailsyncConsumer millis = (MailsyncConsumer) context.getEndpoint(uri("backup", "delay=2500&initialDelay=0"))
                .createConsumer(e -> { });
        assertThat(millis.getDelay()).isEqualTo(2500L);
        assertThat(millis.getInitialDelay()).isZero();
    }

    /** Why a request failed: thrown when the endpoint is created, or set on the exchange. */
    private Throwable failureOf(String uri) {
        try {
            return request(uri, Map.of()).getException();
        } catch (RuntimeException e) {
            return e;
        }
    }
}
