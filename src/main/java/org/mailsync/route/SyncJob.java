package org.mailsync.route;

import org.mailsync.identity.IdentityMode;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;

/**
 * Everything one run of the route set needs, carried in the exchange property
 * {@link MailsyncConstants#JOB}: the beans of the route set are stateless and read it from
 * there, so one CamelContext can run any number of jobs, one after another or on a schedule.
 *
 * @param channel  the channel's name (msinfo is kept per channel)
 * @param a        side A
 * @param b        side B
 * @param msinfo   the channel's msinfo
 * @param options  the planner's options
 * @param identity how messages are identified
 * @param simulate {@code -s}: plan and report, change nothing
 * @param report   where results go
 * @param diffSide for diff mode ({@code mailsync channel store}), the side to compare; else null
 */
public record SyncJob(String channel, StoreSide a, StoreSide b, MsinfoRepository msinfo, SyncOptions options,
                      IdentityMode identity, boolean simulate, SyncReport report, Side diffSide) {

    /** The store side of a {@link Side}. */
    public StoreSide side(Side side) {
        return side == Side.A ? a : b;
    }
}
