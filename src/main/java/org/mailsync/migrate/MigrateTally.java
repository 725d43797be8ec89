package org.mailsync.migrate;

/**
 * A migration's totals over its folders, the exchange property {@value MigrateFolders#TALLY}
 * (shared by the folders' exchanges): folders done and verified, messages copied.
 */
public final class MigrateTally {

    private int total;
    private int folders;
    private int verified;
    private int copied;
    private String lost;

    synchronized void total(int count) {
        total = count;
    }

    /** The folders the run set out to migrate. */
    public synchronized int total() {
        return total;
    }

    /**
     * A store of the run became unusable (a connection lost for good, after the retries): the
     * rest of the run does not try it again, one folder after another, but reports every folder
     * left as not migrated; the next run takes them up.
     */
    synchronized void lost(String reason) {
        if (lost == null) {
            lost = reason;
        }
    }

    /** Why a store of the run became unusable, or null while both are fine. */
    public synchronized String lost() {
        return lost;
    }

    synchronized void folder(boolean complete, int copiedHere) {
        folders++;
        if (complete) {
            verified++;
        }
        copied += copiedHere;
    }

    /** Folders verified or found incomplete. */
    public synchronized int folders() {
        return folders;
    }

    /** Folders whose target holds every source message. */
    public synchronized int verified() {
        return verified;
    }

    /** Messages copied. */
    public synchronized int copied() {
        return copied;
    }
}
