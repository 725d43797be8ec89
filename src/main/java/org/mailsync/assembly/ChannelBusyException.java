package org.mailsync.assembly;

import java.io.IOException;

/** Another run (in this JVM or another process) holds the channel's lock; nothing was done. */
public class ChannelBusyException extends IOException {

    public ChannelBusyException(String message) {
        super(message);
    }
}
