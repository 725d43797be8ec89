package org.mailsync.store.imap;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What a connection learnt from {@code [OVERQUOTA]} answers: the smallest message the server
 * refused for quota, for a few minutes. A message at least that big cannot fit either (the
 * quota's use does not shrink while we only add), so it is refused here without being sent:
 * with LITERAL+ Angus would upload it whole before the server could say no, for every one of
 * the folder's remaining messages. Smaller messages are still offered, as the quota may have
 * room for them (Dovecot refuses a message whose size would overflow it, not every message).
 * The memory fades after {@link #REMEMBERED}, so that a daemon's later cycle asks the server
 * again once someone may have made room.
 */
final class QuotaRefusals {

    /** How long a refusal stands for the messages after it. */
    static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final LongSupplier nanoClock;
    private long smallest = Long.MAX_VALUE;
    private long since;

    QuotaRefusals() {
        this(System::nanoTime);
    }

    /** With a clock of its own, for tests. */
    QuotaRefusals(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The server refused a message of this many bytes with {@code [OVERQUOTA]}. */
    void refused(long size) {
        if (expired()) {
            smallest = Long.MAX_VALUE;
        }
        smallest = Math.min(smallest, size);
        since = nanoClock.getAsLong();
    }

    /** Whether a message of this size would be refused for quota too (see the class comment). */
    boolean wouldRefuse(long size) {
        return smallest != Long.MAX_VALUE && !expired() && size >= smallest;
    }

    /** The smallest size refused, for messages; meaningful when {@link #wouldRefuse} said true. */
    long smallestRefused() {
        return smallest;
    }

    private boolean expired() {
        return nanoClock.getAsLong() - since > REMEMBERED.toNanos();
    }
}
