package org.mailsync.report;

/**
 * Listens to the copies of a run, for a progress display: each folder pair that copies
 * something says how much it will copy, then each copied message, then its end. Pairs may run at
 * once, so every call names its pair by boxname (unique within a run). Called from the route
 * set's threads; an implementation must be thread-safe and quick, and must never throw: a
 * progress display cannot break a sync.
 */
public interface Progress {

    /** A listener that shows nothing: the default of every run. */
    Progress NONE = new Progress() {
        @Override
        public void pairStarted(String boxname, int messages, long bytes) {
        }

        @Override
        public void copied(String boxname, long bytes) {
        }

        @Override
        public void pairEnded(String boxname) {
        }
    };

    /**
     * A folder pair starts copying.
     *
     * @param messages how many messages it will copy
     * @param bytes    their size in bytes as far as the stores know (0 when unknown)
     */
    void pairStarted(String boxname, int messages, long bytes);

    /** One message of the pair was copied ({@code bytes}: its size, 0 when unknown). */
    void copied(String boxname, long bytes);

    /** The pair is done, whatever its end (also after a failure; a second call does nothing). */
    void pairEnded(String boxname);
}
