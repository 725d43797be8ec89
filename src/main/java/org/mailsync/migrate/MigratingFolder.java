package org.mailsync.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailsync.route.FolderPair;

/**
 * One folder's migration in progress, the exchange property {@value MigrateFolders#FOLDER} of
 * its route: the source messages (in folder order), the target's digests as indexed before
 * copying, and what the copies did. Only the folder's own thread touches it.
 */
public final class MigratingFolder {

    private final FolderPair pair;
    private final List<SourceMessage> messages;
    private final Map<String, MigrateState.CachedDigest> targetDigests;
    private int copied;
    private int failed;

    /**
     * @param pair          the folder (A: the source's, B: the target's)
     * @param messages      the source folder's messages, in folder order
     * @param targetDigests the target folder's messages' digests by key, as indexed before copying
     */
    public MigratingFolder(FolderPair pair, List<SourceMessage> messages, Map<String, MigrateState.CachedDigest> targetDigests) {
        this.pair = pair;
        this.messages = List.copyOf(messages);
        this.targetDigests = targetDigests;
    }

    /** The folder (A: the source's, B: the target's). */
    public FolderPair pair() {
        return pair;
    }

    /** The source folder's messages, in folder order. */
    public List<SourceMessage> messages() {
        return messages;
    }

    /** The source messages the target lacked when the folder was indexed: what is to be copied. */
    public List<SourceMessage> missing() {
        List<SourceMessage> missing = new ArrayList<>();
        for (SourceMessage m : messages) {
            if (!m.there()) {
                missing.add(m);
            }
        }
        return missing;
    }

    /** How many source messages the target already had. */
    public int alreadyThere() {
        return messages.size() - missing().size();
    }

    /** The target's digests by key, as indexed before copying. */
    Map<String, MigrateState.CachedDigest> targetDigests() {
        return targetDigests;
    }

    synchronized void copied() {
        copied++;
    }

    synchronized void failed() {
        failed++;
    }

    /** Messages copied in this run. */
    public synchronized int copiedCount() {
        return copied;
    }

    /** Messages that could not be copied in this run. */
    public synchronized int failedCount() {
        return failed;
    }
}
