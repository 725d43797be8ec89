package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.mboxIds;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.junit.jupiter.api.Test;
import org.mailsync.report.RunReport;

/**
 * The {@code mailsync:} consumer runs its channel on the scheduled-poll options and emits each
 * run's report (on a delay, or on a Quartz cron expression): the first run copies, later ones
 * find nothing to do. A run that cannot start
 * is emitted too, as a report with exit code 1 and the reason; the header
 * {@code CamelMailsyncConnectionFailed} is true when a server could not be reached and false for
 * a mistake in the config.
 */
class MailsyncConsumerTest extends RouteSetTestSupport {

    private static final String PASSWORD = "s3cret-pw";

    @Test
    void emitsAReportEveryPollFirstCopyingThenNothing() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");
        MockEndpoint reports = getMockEndpoint("mock:reports");
        reports.expectedMinimumMessageCount(3);
        reports.setResultWaitTime(5000);

        consume(uri("backup", "delay=200&initialDelay=0"), "mock:reports");

        reports.assertIsSatisfied();
        List<Exchange> received = reports.getExchanges();
        Message first = received.get(0).getMessage();
        assertThat(first.getHeader(MailsyncConstants.COPIED)).isEqualTo(3);
        assertThat(first.getHeader(MailsyncConstants.EXIT_CODE)).isEqualTo(0);
        assertThat(first.getHeader(MailsyncConstants.CHANNEL)).isEqualTo("backup");
        assertThat(first.getBody(RunReport.class).copied()).isEqualTo(3);
        assertThat(first.getBody(RunReport.class).operation()).isEqualTo("sync");
        for (Exchange later : received.subList(1, 3)) {
            RunReport report = later.getMessage().getBody(RunReport.class);
            assertThat(report.exitCode()).isZero();
            assertThat(report.copied()).isZero();
            assertThat(report.deleted()).isZero();
            assertThat(report.actions()).isEmpty();
            assertThat(later.getMessage().getHeader(MailsyncConstants.COPIED)).isEqualTo(0);
        }
        // one run after the other, never two at once
        for (int i = 1; i < 3; i++) {
            RunReport before = received.get(i - 1).getMessage().getBody(RunReport.class);
            RunReport after = received.get(i).getMessage().getBody(RunReport.class);
            assertThat(Instant.parse(after.startedAt()))
                    .isAfterOrEqualTo(Instant.parse(before.startedAt()).plusMillis(before.durationMillis()));
        }
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(mboxIds(archive.resolve("inbox"))).containsExactly("a1", "a2", "b1");
    }

    @Test
    void cronRunsTheChannelOnQuartz() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        MockEndpoint reports = getMockEndpoint("mock:cron");
        reports.expectedMinimumMessageCount(1);

        consume(uri("backup", "cron=0/1+*+*+*+*+?"), "mock:cron"); // every second

        reports.assertIsSatisfied(5000);
        assertThat(reports.getExchanges().get(0).getMessage().getBody(RunReport.class).copied()).isEqualTo(1);
        MailsyncConsumer consumer = (MailsyncConsumer) context.getRoute("cron").getConsumer();
        assertThat(consumer.getScheduler()).isInstanceOfSatisfying(QuartzScheduledPollConsumerScheduler.class,
                quartz -> assertThat(quartz.getCron()).isEqualTo("0/1 * * * * ?"));
    }

    @Test
    void aStoreThatCannotBeReachedIsReportedAsAConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(home.resolve("imap.conf"), """
                store laptop { pat Mail/%% prefix Mail/ }
                store remote {
                    server {127.0.0.1:%d/user=alice/notls}
                    ref    {127.0.0.1:%d}
                    pat    *
                    passwd %s
                }
                channel office laptop remote { msinfo .msinfo }
                """.formatted(closedPort, closedPort, PASSWORD));
        maildir(mail.resolve("inbox"), "a1");
        MockEndpoint reports = getMockEndpoint("mock:down");
        reports.expectedMinimumMessageCount(1);

        consume("mailsync:office?home=" + home + "&config=imap.conf&delay=60000&initialDelay=0", "mock:down");

        reports.assertIsSatisfied(5000);
        Message message = reports.getExchanges().get(0).getMessage();
        RunReport report = message.getBody(RunReport.class);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.status()).isEqualTo("error");
        assertThat(report.channel()).isEqualTo("office");
        assertThat(report.copied()).isZero();
        assertThat(report.errors()).singleElement().asString()
                .contains("127.0.0.1", "nothing accepts connections there")
                .doesNotContain(PASSWORD);
        assertThat(message.getHeader(MailsyncConstants.CONNECTION_FAILED)).isEqualTo(true);
        assertThat(message.getHeader(MailsyncConstants.EXIT_CODE)).isEqualTo(1);
        // The stores are opened before the lock and the state: nothing was created.
        assertThat(home.resolve(".msinfo")).doesNotExist();
        assertThat(home.resolve(".msinfo.lock")).doesNotExist();
    }

    @Test
    void anUnknownChannelIsReportedAsAnErrorButNotAsAConnectionFailure() throws Exception {
        MockEndpoint reports = getMockEndpoint("mock:unknown");
        reports.expectedMinimumMessageCount(1);

        consume(uri("nosuch", "delay=60000&initialDelay=0"), "mock:unknown");

        reports.assertIsSatisfied(5000);
        Message message = reports.getExchanges().get(0).getMessage();
        RunReport report = message.getBody(RunReport.class);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.errors()).singleElement().asString()
                .contains("A channel or store named \"nosuch\" has not been configured");
        assertThat(message.getHeader(MailsyncConstants.CONNECTION_FAILED)).isEqualTo(false);
        assertThat(message.getHeader(MailsyncConstants.CHANNEL)).isEqualTo("nosuch");
    }

    /**
     * The endpoint's own options cannot make a request ({@code operation=diff} without
     * {@code store}): either the route refuses to start, or each poll emits a report with exit
     * code 1 and the reason, as for any run that cannot start. Never silence.
     */
    @Test
    void aConsumerWhoseOptionsMakeNoRequestSaysSo() throws Exception {
        NotifyBuilder emitted = new NotifyBuilder(context).fromRoute("bad-options").whenDone(1).create();

        Throwable refused = catchThrowable(() -> consume(uri("backup", "operation=diff&delay=100&initialDelay=0"),
                "mock:bad-options"));

        if (refused != null) {
            assertThat(refused).hasStackTraceContaining("operation=diff needs store=");
            return;
        }
        assertThat(emitted.matches(1, TimeUnit.SECONDS))
                .as("the consumer emitted nothing: a poll whose request cannot be made is neither a failed start nor a report")
                .isTrue();
        RunReport report = getMockEndpoint("mock:bad-options").getExchanges().get(0).getMessage().getBody(RunReport.class);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.errors()).singleElement().asString().contains("operation=diff needs store=");
    }

    private void consume(String uri, String to) throws Exception {
        String routeId = to.substring("mock:".length());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(routeId).to(to);
            }
        });
    }
}
