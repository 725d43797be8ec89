package org.mailsync.store.local;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long mailsync waits for a lock held by another program that is still running, before it
 * gives up on that folder operation with an error naming the lock: the system property
 * {@value #PROPERTY}, in seconds (fractions allowed; 0 does not wait), by default 60. Set it for
 * the command line with {@code MAILSYNC_JAVA_OPTS=-Dmailsync.lock.wait=300}. Locks whose owner
 * is known to be gone are not waited for at all ({@link DotLock}).
 */
public final class LockWait {

    /** The system property that sets the wait, in seconds. */
    public static final String PROPERTY = "mailsync.lock.wait";

    /** The wait without the property: long enough for an MDA delivery or an MUA's expunge. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private static volatile String badValueReported;

    private LockWait() {
    }

    /** The wait the property sets now, or {@link #DEFAULT} (with a warning if the value is not a number of seconds). */
    public static Duration configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            BigDecimal seconds = new BigDecimal(value.strip());
            if (seconds.signum() >= 0) {
                return Duration.ofMillis(seconds.movePointRight(3).longValue());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        if (!value.equals(badValueReported)) { // once, not for every message
            badValueReported = value;
            LockNotices.warn("system property " + PROPERTY + "=\"" + value + "\" is not a number of seconds; waiting "
                    + seconds(DEFAULT) + " for locks instead");
        }
        return DEFAULT;
    }

    /** A wait as messages show it: {@code 60 s}, {@code 0.5 s}. */
    public static String seconds(Duration wait) {
        return BigDecimal.valueOf(wait.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
}
