package org.mailsync.store.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.LongSupplier;

/**
 * A store's {@code throttle}: at most so many bytes per second of message bodies, shared by
 * all the connections of one login, so that a run keeps to a provider's bandwidth limit (or
 * leaves the line usable) however many folder pairs it syncs at once. Bytes are booked on a
 * timeline: each read books its bytes after those booked before, and waits until its turn
 * has come; time nobody used is not saved up, so an idle spell gives no burst after it.
 *
 * <p>Only message bodies are counted (what APPEND sends, what a read of a message fetches):
 * they are nearly all of a sync's traffic, and they pass through streams we hand over, on any
 * transport (TLS included) without reaching into Angus' sockets.
 */
public final class Throttle {

    /** Waits, for tests to replace. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long bytesPerSecond;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    /** When (clock time) the bytes booked so far have all had their turn. */
    private long free;

    /** A throttle of this many bytes per second (at least 1). */
    public Throttle(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    Throttle(long bytesPerSecond, LongSupplier clock, Sleeper sleeper) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("throttle must be at least 1 byte per second: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.free = clock.getAsLong();
    }

    /** The rate, in bytes per second. */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Books {@code bytes} and waits until their turn; callers on other threads queue behind. */
    void take(long bytes) throws InterruptedIOException {
        if (bytes <= 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            long start = Math.max(now, free);
            // bytes come from one read (an int), so the product stays far below Long.MAX_VALUE
            free = start + bytes * 1_000_000_000L / bytesPerSecond;
            wait = start - now;
        }
        if (wait > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttled");
            }
        }
    }

    /** A stream whose reads take their bytes from this throttle. */
    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    take(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                take(n);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                take(skipped);
                return skipped;
            }
        };
    }
}
