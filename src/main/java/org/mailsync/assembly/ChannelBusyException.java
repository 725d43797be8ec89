package org.mailsync.assembly;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another run (in this JVM or another process) holds the channel's lock; nothing was done. The
 * message names the lock file and, where known, the pid of the run that holds it.
 */
public class ChannelBusyException extends IOException {

    public ChannelBusyException(String message) {
        super(message);
    }

    /**
     * @param lockFile the channel's lock file
     * @param holder   who holds it ({@code pid 4242}), or null if unknown
     */
    public ChannelBusyException(Path lockFile, String holder) {
        this("another mailsync run is syncing this channel (lock " + lockFile + " is held" + (holder == null ? "" : " by " + holder)
                + ")");
    }
}
