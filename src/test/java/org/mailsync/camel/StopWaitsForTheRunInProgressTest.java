package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.maildir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SqliteSyncStateFactory;
import org.mailsync.msinfo.SyncState;
import org.mailsync.msinfo.SyncStateFactory;

/**
 * Stopping a consumer's route (the daemon's SIGTERM stops them all) waits for the run in
 * progress, whichever part of it is running, and does not interrupt it: here the run is still
 * opening its channel (as during a slow IMAP login), before any exchange is in flight.
 */
class StopWaitsForTheRunInProgressTest extends RouteSetTestSupport {

    /** How long opening the channel's state takes here. */
    private static final long OPENING_MS = 500;

    private final CountDownLatch opening = new CountDownLatch(1);
    private final AtomicBoolean interrupted = new AtomicBoolean();

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind(SyncStateFactory.BEAN_NAME, new SyncStateFactory() {
            private final SqliteSyncStateFactory sqlite = new SqliteSyncStateFactory();

            @Override
            public SyncState open(String channel, Path file, boolean readOnly) throws MsinfoException {
                opening.countDown();
                try {
                    Thread.sleep(OPENING_MS); // a slow part of the run, not a wait for a result
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    Thread.currentThread().interrupt();
                }
                return sqlite.open(channel, file, readOnly);
            }
        });
    }

    @Test
    void stoppingTheRouteLetsTheRunFinish() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri("backup", "delay=60000&initialDelay=0")).routeId("scheduled").to("mock:reports");
            }
        });
        MailsyncConsumer consumer = (MailsyncConsumer) context.getRoute("scheduled").getConsumer();
        assertThat(opening.await(10, TimeUnit.SECONDS)).as("the run began").isTrue();

        context.getRouteController().stopRoute("scheduled");

        assertThat(consumer.isPolling()).as("the run is still going on after its route was stopped").isFalse();
        assertThat(interrupted).as("the run was interrupted").isFalse();
    }
}
