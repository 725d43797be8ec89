package org.mailsync.sync;

/**
 * Deletions the circuit breaker held back on one side of a folder pair: what the report needs
 * to tell the user how many, of how many, and why.
 *
 * @param side       the side the deletions would have been carried out on (the messages
 *                   vanished from the other side)
 * @param deletions  how many deletions were held back; they stay pending in msinfo
 * @param remembered how many messages msinfo remembered for the pair
 * @param limit      the limit they exceeded
 */
public record DeletionsHeld(Side side, int deletions, int remembered, DeletionLimit limit) {
}
