package org.mailsync.assembly;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailsync.config.ChannelConfig;
import org.mailsync.config.StoreConfig;
import org.mailsync.trash.ChannelTrash;
import org.mailsync.trash.ImapTrash;
import org.mailsync.trash.LocalTrash;
import org.mailsync.trash.SideTrash;

/**
 * Builds a channel's {@link ChannelTrash} from its config: an IMAP store's trash is a folder
 * of its own ({@code trash NAME}, else {@code \Trash}, else {@code Trash}); a local store's is a
 * directory beside the channel's msinfo. Built with {@code trash off} too, so that what earlier
 * runs put there is still purged and can still be restored.
 */
final class ChannelTrashes {

    /**
     * The IMAP trash names looked up so far, per store config (name, server, trash key): a
     * long-lived opener (the daemon's) looks each up once, not on every poll.
     */
    private final Map<String, ImapTrash.Name> names = new ConcurrentHashMap<>();

    /** The trash of one run of the channel, whose msinfo is at {@code msinfo}. */
    ChannelTrash forRun(ChannelConfig channel, StoreConfig a, StoreConfig b, Path msinfo, Clock clock) {
        return ChannelTrash.forRun(clock, channel.trashDays(), side(a, msinfo), side(b, msinfo), a.trashOff(), b.trashOff());
    }

    private SideTrash side(StoreConfig store, Path msinfo) {
        if (store.isLocal()) {
            return new LocalTrash(LocalTrash.beside(msinfo.toAbsolutePath(), store.name()));
        }
        String configured = store.trashOff() ? null : store.trash();
        ImapTrash.Name name = names.computeIfAbsent(store.name() + "\n" + store.server() + "\n" + configured,
                k -> new ImapTrash.Name());
        return new ImapTrash(configured, name);
    }
}
