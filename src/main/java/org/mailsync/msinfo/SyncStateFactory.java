package org.mailsync.msinfo;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Opens a channel's {@link SyncState}. The {@code mailsync:} endpoint looks one up in the
 * Camel registry under {@value #BEAN_NAME} (a YAML {@code beans:} entry or a Karaf service can
 * supply it) and falls back to {@link SqliteSyncStateFactory}.
 */
public interface SyncStateFactory {

    /** The registry name the endpoint looks the factory up by. */
    String BEAN_NAME = "mailsyncState";

    /**
     * Opens the state of a channel.
     *
     * @param channel  the channel's name
     * @param file     the channel's msinfo file as the config places it (SQLite uses it; a
     *                 server-side implementation may ignore it)
     * @param readOnly for simulation and diff mode: nothing may be created or changed
     */
    SyncState open(String channel, Path file, boolean readOnly) throws MsinfoException;

    /**
     * Opens the state of a channel, telling the run what it had to do on the way (the SQLite
     * state says so when it set aside what a deleted msinfo left beside it). The default
     * ignores {@code notes}.
     *
     * @param notes the run's notes (stderr)
     */
    default SyncState open(String channel, Path file, boolean readOnly, PrintStream notes) throws MsinfoException {
        return open(channel, file, readOnly);
    }
}
