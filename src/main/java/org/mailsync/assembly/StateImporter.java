package org.mailsync.assembly;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.mailsync.config.ChannelConfig;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.StateConfig;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.pg.ChannelTakenException;
import org.mailsync.msinfo.pg.PostgresStateFactory;
import org.mailsync.msinfo.pg.PostgresSyncState;
import org.mailsync.msinfo.pg.SqliteStateImport;

/**
 * {@code --import-state}: moves a channel onto the config's PostgreSQL state by copying its
 * SQLite state (the database its {@code msinfo} names, found as a sync finds it) there, under
 * the channel's lock file and its lock in PostgreSQL, so that no run of the channel, here or on
 * another node, writes either state meanwhile. The SQLite file is only read.
 */
public final class StateImporter {

    private StateImporter() {
    }

    /**
     * Copies the channel's SQLite state into PostgreSQL, replacing what PostgreSQL had of it.
     *
     * @param notes where the one line saying what was copied goes, or null
     * @throws RequestException     the config names no PostgreSQL state
     * @throws ChannelBusyException another run holds the channel
     * @throws MsinfoException      the SQLite state is missing or unreadable, or PostgreSQL cannot
     *                              be written (then it keeps what it had)
     */
    public static SqliteStateImport.Copied importState(MailsyncConfig config, ChannelConfig channel, Path home,
                                                       PrintStream notes) throws RequestException, IOException, MsinfoException {
        StateConfig state = config.state();
        if (state == null) {
            throw new RequestException("--import-state copies channel \"" + channel.name() + "\"'s SQLite state into the"
                    + " PostgreSQL state the config names, but " + config.source() + " has no \"state "
                    + StateConfig.URL_PREFIX + "//HOST:PORT/DB?user=NAME\"");
        }
        try (ChannelLock lock = ChannelLock.acquire(MsinfoLocation.lockBase(channel, home, config.source()))) {
            Path file = MsinfoLocation.resolve(channel, home, config.source(), notes == null ? System.err : notes);
            try (PostgresSyncState target = new PostgresStateFactory(state.url(), state.passcmd())
                    .open(channel.name(), file, false)) {
                SqliteStateImport.Copied copied = SqliteStateImport.copy(file, channel.name(), target);
                if (notes != null) {
                    notes.println("Imported channel \"" + channel.name() + "\"'s state from " + file + " into "
                            + target.location() + ": " + copied.pairs() + " folder pairs, " + copied.identities()
                            + " messages, " + copied.deletions() + " logged deletions.");
                }
                return copied;
            } catch (ChannelTakenException e) {
                throw new ChannelBusyException(e.getMessage());
            }
        }
    }
}
