package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * A store's {@code throttle}: bytes read through it are booked one after another at the rate,
 * each read waiting for its turn, and time nobody used is not saved up for a burst.
 */
class ProviderThrottleTest {

    private final AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
    private final AtomicLong slept = new AtomicLong();

    /** A throttle on a clock that only the sleeps move. */
    private Throttle throttle(long bytesPerSecond) {
        return new Throttle(bytesPerSecond, clock::get, nanos -> {
            slept.addAndGet(nanos);
            clock.addAndGet(nanos);
        });
    }

    @Test
    void readsWaitSoThatTheBytesGoNoFasterThanTheRate() throws Exception {
        Throttle throttle = throttle(1024);

        try (InputStream in = throttle.wrap(new ByteArrayInputStream(new byte[4096]))) {
            byte[] buf = new byte[1024];
            while (in.read(buf) > 0) {
                // each 1 KiB waits for the one before it
            }
        }

        assertThat(slept.get()).as("4 KiB at 1 KiB/s: the first is free, three more seconds")
                .isEqualTo(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void anIdleSpellGivesNoBurstAfterIt() throws Exception {
        Throttle throttle = throttle(1024);
        throttle.take(1024);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(60)); // a minute with nothing to send

        throttle.take(1024);
        throttle.take(1024);

        assertThat(slept.get()).as("only the third waits").isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void connectionsSharingOneThrottleShareItsRate() throws Exception {
        Throttle shared = throttle(2048);
        InputStream a = shared.wrap(new ByteArrayInputStream(new byte[2048]));
        InputStream b = shared.wrap(new ByteArrayInputStream(new byte[2048]));

        a.readAllBytes();
        b.readAllBytes();

        assertThat(slept.get()).as("4 KiB at 2 KiB/s, together").isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }
}
