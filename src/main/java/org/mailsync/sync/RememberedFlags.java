package org.mailsync.sync;

/**
 * What msinfo remembers of one synced message's flags: each side's {@link FlagState} at the end
 * of the last sync, the base of the three-way flag merge. Each side is compared with its own
 * base, so a side that cannot hold some keyword (or an msinfo imported from the original,
 * which kept no flags) never reads as a change.
 *
 * @param a side A's flags at the end of the last sync, or null when unknown
 * @param b side B's flags at the end of the last sync, or null when unknown
 */
public record RememberedFlags(FlagState a, FlagState b) {

    /** Nothing known: the message's first sync with flags (legacy msinfo, or flags were off). */
    public static RememberedFlags unknown() {
        return new RememberedFlags(null, null);
    }

    /** Whether both sides' flags are known. */
    public boolean known() {
        return a != null && b != null;
    }

    /** The flags remembered for one side, or null. */
    public FlagState of(Side side) {
        return side == Side.A ? a : b;
    }
}
