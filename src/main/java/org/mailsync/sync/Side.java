package org.mailsync.sync;

/** One of the two stores of a channel, in the order the channel names them. */
public enum Side {
    A, B;

    /** The other side. */
    public Side other() {
        return this == A ? B : A;
    }
}
