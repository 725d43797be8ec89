package org.mailsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.mailsync.identity.IdentityMode;
import org.mailsync.sync.DeletionLimit;

/**
 * A {@code channel NAME STORE_A STORE_B { ... }} block: two stores kept in sync, and where the
 * state of the last sync is kept.
 *
 * <pre>
 * channel laptop local remote {
 *     msinfo    .msinfo
 *     sizelimit 81920
 *     identity  auto
 *     parallel  4
 *     flags     on
 *     maxdelete 50/20
 *     trashdays 30
 *     specialuse on
 * }
 * </pre>
 *
 * @param name      the name after {@code channel}; the command line refers to it
 * @param storeA    the first store's name (side A in reports)
 * @param storeB    the second store's name (side B in reports)
 * @param msinfo    {@code msinfo}: where the ids seen at the last sync are kept, as written:
 *                  a local path (relative to $HOME, see {@link #msinfoPath(Path)}) or a c-client
 *                  mailbox spec such as {@code {imap.example.org/user=alice}INBOX.mailsync}
 * @param password  {@code passwd}: the password for a {@code msinfo} mailbox on a server; null
 *                  when not given
 * @param sizeLimit {@code sizelimit}: messages larger than this many bytes are not copied; 0 for
 *                  no limit (the default)
 * @param identity  {@code identity} (extension): {@code msgid}, {@code md5} or {@code auto};
 *                  null to use the command line's {@code -t} or its default
 * @param schedule  {@code schedule} (extension): how often {@code mailsync daemon} runs the
 *                  channel, a duration ({@code 15m}, {@code 1h}, {@code 90s}) or a Quartz cron
 *                  expression ({@code 0 0/15 * * * ?}); null: the daemon does not run it
 * @param parallel  {@code parallel} (extension): how many folder pairs a run syncs at once, 1
 *                  to {@value #MAX_PARALLEL} (1: one after another); null when not given, for
 *                  the request's own or {@value #DEFAULT_PARALLEL}
 * @param syncFlags {@code flags on|off} (extension): whether a message's flags and keywords are
 *                  kept equal on both sides after its first copy (three-way, per flag; on by
 *                  default); {@code off} is the original's behaviour, which never synchronised
 *                  them. Either way each sync records the flags, so switching on later only
 *                  propagates changes made after that
 * @param maxDelete {@code maxdelete PERCENT[/FLOOR]} (extension): the deletion circuit breaker;
 *                  a run that would delete on one side of a folder more than PERCENT % of the
 *                  messages synced before, and more than FLOOR (default 20), deletes nothing
 *                  there until run with {@code --force-deletions}; {@code maxdelete 100} never
 *                  holds back; default {@code 50/20}
 * @param location  where the channel's name was written
 * @param trashDays {@code trashdays N} (extension): how many days a message a sync deleted is
 *                  kept in the trash (for {@code mailsync undo}) before a later run purges it;
 *                  default {@value #DEFAULT_TRASH_DAYS}; 0 purges on the next run
 * @param specialUse {@code specialuse on|off} (extension): pair the folders that carry the same
 *                  special-use attribute (RFC 6154: \Sent \Drafts \Junk \Archive \Trash), or a
 *                  local store's folder of a well-known name for it, across stores that name them
 *                  differently ({@code Sent} with {@code Sent Items}); off by default
 * @param push      {@code push on|off|BOX[,BOX...]} (extension): the boxnames whose IMAP folders
 *                  {@code mailsync daemon} watches with IDLE (RFC 2177), syncing the channel as
 *                  soon as one changes; {@code on} is {@code INBOX}; empty (the default) for none
 */
public record ChannelConfig(String name, String storeA, String storeB, String msinfo, String password,
                            long sizeLimit, String identity, String schedule, Integer parallel,
                            boolean syncFlags, DeletionLimit maxDelete,
                            ConfigLocation location, int trashDays, boolean specialUse, List<String> push)
        implements ConfigEntry {

    /** Days a deleted message stays in the trash when the channel does not say. */
    public static final int DEFAULT_TRASH_DAYS = 30;
    /** The most days {@code trashdays} may ask for (about 100 years). */
    public static final int MAX_TRASH_DAYS = 36500;

    /**
     * Folder pairs synced at once when neither the request nor the channel says: as many as
     * an IMAP store opens connections by default ({@link StoreConfig#DEFAULT_MAX_CONNECTIONS}),
     * so that by default every worker has a connection of its own.
     */
    public static final int DEFAULT_PARALLEL = 4;
    /** The most folder pairs a run syncs at once: each is a thread, and a connection per IMAP store. */
    public static final int MAX_PARALLEL = 64;

    public ChannelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(storeA, "storeA");
        Objects.requireNonNull(storeB, "storeB");
        Objects.requireNonNull(msinfo, "msinfo");
        Objects.requireNonNull(location, "location");
        maxDelete = maxDelete == null ? DeletionLimit.DEFAULT : maxDelete;
        if (trashDays < 0 || trashDays > MAX_TRASH_DAYS) {
            throw new IllegalArgumentException("trashDays must be from 0 to " + MAX_TRASH_DAYS + ": " + trashDays);
        }
        if (sizeLimit < 0) {
            throw new IllegalArgumentException("sizeLimit must not be negative: " + sizeLimit);
        }
        if (parallel != null && (parallel < 1 || parallel > MAX_PARALLEL)) {
            throw new IllegalArgumentException("parallel must be from 1 to " + MAX_PARALLEL + ": " + parallel);
        }
        push = push == null ? List.of() : List.copyOf(push);
    }

    /** A channel without {@code push}: the daemon only polls it on its schedule. */
    public ChannelConfig(String name, String storeA, String storeB, String msinfo, String password, long sizeLimit,
                         String identity, String schedule, Integer parallel, boolean syncFlags, DeletionLimit maxDelete,
                         ConfigLocation location, int trashDays, boolean specialUse) {
        this(name, storeA, storeB, msinfo, password, sizeLimit, identity, schedule, parallel, syncFlags, maxDelete, location,
                trashDays, specialUse, List.of());
    }

    /** A channel without {@code specialuse}: folders paired by name only. */
    public ChannelConfig(String name, String storeA, String storeB, String msinfo, String password, long sizeLimit,
                         String identity, String schedule, Integer parallel, boolean syncFlags, DeletionLimit maxDelete,
                         ConfigLocation location, int trashDays) {
        this(name, storeA, storeB, msinfo, password, sizeLimit, identity, schedule, parallel, syncFlags, maxDelete, location,
                trashDays, false);
    }

    /** A channel without {@code trashdays}: the default retention. */
    public ChannelConfig(String name, String storeA, String storeB, String msinfo, String password, long sizeLimit,
                         String identity, String schedule, Integer parallel, boolean syncFlags, DeletionLimit maxDelete,
                         ConfigLocation location) {
        this(name, storeA, storeB, msinfo, password, sizeLimit, identity, schedule, parallel, syncFlags, maxDelete, location,
                DEFAULT_TRASH_DAYS);
    }

    /** A channel without {@code flags} and {@code maxdelete}: both at their defaults. */
    public ChannelConfig(String name, String storeA, String storeB, String msinfo, String password, long sizeLimit,
                         String identity, String schedule, Integer parallel, ConfigLocation location) {
        this(name, storeA, storeB, msinfo, password, sizeLimit, identity, schedule, parallel, true, DeletionLimit.DEFAULT,
                location);
    }

    /** A channel without {@code parallel}, as before the key existed. */
    public ChannelConfig(String name, String storeA, String storeB, String msinfo, String password, long sizeLimit,
                         String identity, String schedule, ConfigLocation location) {
        this(name, storeA, storeB, msinfo, password, sizeLimit, identity, schedule, null, location);
    }

    /** Whether {@code msinfo} names a mailbox on a server ({@code {server}box}) rather than a local file. */
    public boolean isMsinfoRemote() {
        return msinfo.startsWith("{");
    }

    /**
     * The local msinfo file: {@code msinfo} resolved against $HOME ({@code ~/} expands to it),
     * as the original resolved local mailbox names; null when msinfo is on a server.
     */
    public Path msinfoPath(Path home) {
        return isMsinfoRemote() ? null : HomePath.resolve(msinfo, home);
    }

    /** {@link #identity()} as the enum the sync uses; null when not configured. */
    public IdentityMode identityMode() {
        return identity == null ? null : IdentityMode.valueOf(identity.toUpperCase(Locale.ROOT));
    }
}
