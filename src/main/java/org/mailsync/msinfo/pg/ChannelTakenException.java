package org.mailsync.msinfo.pg;

import org.mailsync.msinfo.MsinfoException;

/**
 * Another run (on this node or another) holds the channel's advisory lock in the state
 * database; nothing was done. The CLI reports it as it reports a held channel lock file.
 */
public final class ChannelTakenException extends MsinfoException {

    private static final long serialVersionUID = 1L;

    public ChannelTakenException(String message) {
        super(message);
    }
}
