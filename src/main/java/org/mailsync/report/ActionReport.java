package org.mailsync.report;

/**
 * One action of a run, as carried out (or, in a simulation, as it would be).
 *
 * @param boxname  the folder pair
 * @param action   the action ({@code COPY}, {@code DELETE}, {@code DUPLICATE}, ...)
 * @param store    the store it happened on (a copy: the store it was copied from)
 * @param identity the message's identity (Message-ID or digest), null for folder actions
 */
public record ActionReport(String boxname, String action, String store, String identity) {
}
