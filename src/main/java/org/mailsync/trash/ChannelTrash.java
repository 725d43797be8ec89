package org.mailsync.trash;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.mailsync.sync.Side;

/**
 * The trash of a channel's run: each side's {@link SideTrash} (null where the store has none to
 * offer), whether that side's deletions go there ({@code trash off} makes them final), how long
 * they are kept, and the run they are logged under.
 *
 * @param runId     the run's id in the deletion log
 * @param runAt     when the run started
 * @param clock     the clock the retention purge reads (tests move it)
 * @param retention how long a trashed message is kept ({@code trashdays})
 * @param a         side A's trash, or null
 * @param b         side B's trash, or null
 * @param offA      {@code trash off} on side A: deletions there are final
 * @param offB      {@code trash off} on side B
 */
public record ChannelTrash(String runId, Instant runAt, Clock clock, Duration retention, SideTrash a, SideTrash b,
                           boolean offA, boolean offB) {

    /** No trash at all: every deletion is final (embedders' and tests' jobs made without one). */
    public static ChannelTrash none() {
        return new ChannelTrash("-", Instant.EPOCH, Clock.systemUTC(), Duration.ZERO, null, null, true, true);
    }

    /** A new run's trash, with a fresh run id and the clock's time. */
    public static ChannelTrash forRun(Clock clock, int days, SideTrash a, SideTrash b, boolean offA, boolean offB) {
        return new ChannelTrash(UUID.randomUUID().toString(), clock.instant(), clock, Duration.ofDays(days), a, b, offA, offB);
    }

    /** A side's trash (where its logged deletions are), or null. */
    public SideTrash side(Side side) {
        return side == Side.A ? a : b;
    }

    /** Whether a deletion on this side goes to the trash (rather than being final). */
    public boolean keeps(Side side) {
        return side(side) != null && !(side == Side.A ? offA : offB);
    }
}
