package org.mailsync.msinfo;

/**
 * What {@link SyncState#msinfoVersion} tells of a folder pair's msinfo without loading it.
 *
 * @param stamp      changes with every write of the pair's msinfo (SQLite: its {@code synced_at},
 *                   set by every replace), "" for a pair never written
 * @param identities how many identities the pair's msinfo holds
 */
public record PairVersion(String stamp, int identities) {
}
