package org.mailsync.store.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines about locks that a user must see on every run, not only with {@code -vw}: that a
 * lock left by a dead program was removed, or that mailsync is waiting for a running one.
 *
 * <p>They are logged at WARN under the name {@code mailsync.locks}, on purpose outside
 * {@code org.mailsync}: the CLI keeps {@code org.mailsync} at ERROR unless {@code -vw} or
 * {@code -d} is given, while other loggers follow the shipped {@code log4j2.xml}'s root level,
 * WARN, and so print as {@code Warning: ...} on stderr by default (and in the daemon's output).
 */
public final class LockNotices {

    private static final Logger LOG = LoggerFactory.getLogger("mailsync.locks");

    private LockNotices() {
    }

    /** Shows a warning line. */
    public static void warn(String message) {
        LOG.warn("{}", message);
    }
}
