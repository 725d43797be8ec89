package org.mailsync.sync;

/**
 * The deletion circuit breaker's threshold (channel key {@code maxdelete PERCENT[/FLOOR]}): a
 * folder pair whose planned deletions on one side are more than {@code percent} % of the
 * pair's remembered messages <em>and</em> more than {@code floor} holds them all back
 * (SEMANTICS.md "Deletions users can trust").
 *
 * <p>Both conditions must hold so that a user who deletes the last few messages of a small
 * folder gets what the original gave (the floor), while a wiped cache or a wrong path cannot
 * take a large folder with it (the share). {@code percent} 100 means no share is too large:
 * a pair can never delete more than all it remembers.
 *
 * <p>{@link #STORE_EMPTIED} is the limit of a pair whose other store holds no message at all
 * any more (every synced folder of it empty, not only this one): then no deletion passes,
 * however few, since a whole store emptied is an accident far more often than a wish.
 *
 * @param percent      the largest share of the remembered messages deleted at once, 0 to 100
 * @param floor        deletions up to this many always pass, 0 or more
 * @param storeEmptied whether this is {@link #STORE_EMPTIED}
 */
public record DeletionLimit(int percent, int floor, boolean storeEmptied) {

    /** No deletion passes: the store they come from is empty as a whole. */
    public static final DeletionLimit STORE_EMPTIED = new DeletionLimit(0, 0, true);

    /** A limit the user sets ({@code maxdelete}). */
    public DeletionLimit(int percent, int floor) {
        this(percent, floor, false);
    }

    /** {@code maxdelete 50/20}: what a channel without the key gets. */
    public static final DeletionLimit DEFAULT = new DeletionLimit(50, 20);

    public DeletionLimit {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be from 0 to 100: " + percent);
        }
        if (floor < 0) {
            throw new IllegalArgumentException("floor must not be negative: " + floor);
        }
    }

    /** Whether that many deletions of a pair remembering that many messages trip the breaker. */
    public boolean exceededBy(int deletions, int remembered) {
        // In longs: a folder of 100 million remembered messages times 100 must not overflow.
        return deletions > floor && (long) deletions * 100 > (long) percent * remembered;
    }

    /** As the channel key writes it: {@code 50/20}. */
    @Override
    public String toString() {
        return percent + "/" + floor;
    }
}
