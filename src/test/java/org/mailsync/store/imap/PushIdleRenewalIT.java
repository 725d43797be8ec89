package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.testkit.MailFolders;

/**
 * {@link ImapIdle} against Dovecot, the push watch's connection: a renewal ends the IDLE
 * quietly (no change reported) so that a new one can begin, a message another client
 * delivers is reported while idling, and closing ends the IDLE from another thread.
 */
class PushIdleRenewalIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @Test
    void renewalEndsTheIdleQuietlyADeliveryIsReportedAndCloseEndsIt() throws Exception {
        String user = DOVECOT.newUser();
        ImapIdle idle = new ImapIdle(DOVECOT.store(user, "/notls", "watch"), "INBOX", Duration.ofMinutes(25));
        AtomicInteger changes = new AtomicInteger();
        try {
            assertThat(idle.supported()).isTrue();
            idle.open();

            CompletableFuture<Void> first = idling(idle, changes);
            // renew() only ends an IDLE that has begun: ask until it has
            while (!first.isDone()) {
                idle.renew();
                Thread.sleep(100);
                assertThat(changes.get()).isZero();
            }
            first.get(5, TimeUnit.SECONDS); // ended without an exception
            assertThat(changes.get()).as("a renewal is no change").isZero();

            CompletableFuture<Void> second = idling(idle, changes);
            Thread.sleep(500); // let the IDLE begin
            ImapStore other = DOVECOT.store(user, "/notls", "other");
            try {
                other.append("INBOX", new ByteArrayInputStream(MailFolders.message("m1").getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            } finally {
                other.close();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (changes.get() == 0) {
                assertThat(System.nanoTime()).as("waited 5 s for the EXISTS").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(second).isNotDone();

            idle.close();
            second.get(5, TimeUnit.SECONDS);
        } finally {
            idle.close();
            idle.disconnect();
        }
    }

    private static CompletableFuture<Void> idling(ImapIdle idle, AtomicInteger changes) {
        return CompletableFuture.runAsync(() -> {
            try {
                idle.idle(changes::incrementAndGet);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
