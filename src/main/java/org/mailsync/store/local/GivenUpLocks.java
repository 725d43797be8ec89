package org.mailsync.store.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dot-locks one store gave up waiting for, each with the holder it waited on. A sync copies
 * message after message into a folder; once a running program has kept its lock for the whole
 * {@link LockWait}, each further message for that folder fails at once while the same holder
 * keeps the lock, instead of waiting the full time again (a hundred messages would otherwise
 * wait a hundred minutes). A store lives for one run, so the next run waits again.
 */
public final class GivenUpLocks {

    private final Map<Path, String> holders = new ConcurrentHashMap<>();

    /** Whether we gave up on this lock file while this same holder had it. */
    boolean gaveUpOn(Path lockFile, String holder) {
        return holder.equals(holders.get(lockFile));
    }

    void remember(Path lockFile, String holder) {
        holders.put(lockFile, holder);
    }

    void forget(Path lockFile) {
        holders.remove(lockFile);
    }
}
