package org.mailsync.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * Who takes a remembered message out of its folder on a side in this run: the pair that moves it
 * into another folder (move detection, {@link MessageMover}) or its own pair, which deletes it
 * there because it left that folder on the other side. Folder pairs run side by side, so both
 * may want the same message at once; the first to claim it acts, the other waits for that to
 * end and then builds on it: a deletion skips a message that was moved (it is gone from the
 * folder, as wanted), a move takes a message that went to the trash from there, and if the first
 * did not do what it claimed, the second does its own. One per sync run.
 *
 * <p>Never a deadlock: a claimant waits only for claims made before its own on the same message,
 * whose holder completes them without waiting for any claim (a move is one message at a time; a
 * deletion batch claims all its messages, then waits, then deletes). The wait is bounded all
 * the same: past it, the waiter does what it would do alone, which is always safe (a copy, or a
 * deletion that finds the message gone).
 */
public final class MoveClaims {

    /** How long a claimant waits for the other's claim to end. */
    static final long WAIT_SECONDS = 600;

    /** A message of a side's folder pair, by identity. */
    private record Key(Side side, String boxname, String identity) {
    }

    /**
     * A claim: a move completes with whether it moved the message; a deletion with its log
     * record when the message went to the trash, else null (deleted for good, or not at all).
     */
    private record Claim(boolean move, CompletableFuture<Object> done) {
    }

    private final Map<Key, Claim> claims = new ConcurrentHashMap<>();
    /**
     * The pairs that claimed a message's deletion on a side in this run, with the flags their
     * msinfo remembered for it: a pair that runs after them no longer finds it in their msinfo.
     */
    private final Map<String, Map<String, RememberedFlags>> deletedIn = new ConcurrentHashMap<>();

    /**
     * Claims a message for a move out of {@code boxname} on {@code side}.
     *
     * @return null when claimed (then {@link #moveDone} must follow), else the deletion claimed
     *         before it, which completes with its log record or null
     */
    public CompletableFuture<Object> claimMove(Side side, String boxname, String identity) {
        Claim mine = new Claim(true, new CompletableFuture<>());
        Claim before = claims.putIfAbsent(new Key(side, boxname, identity), mine);
        return before == null ? null : before.done();
    }

    /** Ends a move claim: whether the message was moved. */
    public void moveDone(Side side, String boxname, String identity, boolean moved) {
        Claim c = claims.get(new Key(side, boxname, identity));
        if (c != null && c.move()) {
            c.done().complete(moved);
        }
    }

    /**
     * Claims a batch of deletions of a side's folder pair, waiting for any move of one of them
     * that was claimed first.
     *
     * @return the actions still to delete: all but those whose message a move took away
     */
    public List<SyncAction> claimDeletions(Side side, String boxname, List<SyncAction> actions,
                                           Map<String, RememberedFlags> remembered) {
        List<SyncAction> toDelete = new ArrayList<>();
        List<SyncAction> waiting = new ArrayList<>();
        List<Claim> moves = new ArrayList<>();
        for (SyncAction a : actions) {
            if (a.identity() == null) {
                toDelete.add(a);
                continue;
            }
            Claim mine = new Claim(false, new CompletableFuture<>());
            Claim before = claims.putIfAbsent(new Key(side, boxname, a.identity()), mine);
            if (before == null || !before.move()) {
                toDelete.add(a);
                RememberedFlags base = remembered == null ? null : remembered.get(a.identity());
                deletedIn.computeIfAbsent(side + ":" + a.identity(), k -> new ConcurrentHashMap<>())
                        .put(boxname, base == null ? RememberedFlags.unknown() : base);
            } else {
                waiting.add(a);
                moves.add(before);
            }
        }
        for (int i = 0; i < waiting.size(); i++) {
            if (!Boolean.TRUE.equals(await(moves.get(i).done()))) {
                toDelete.add(waiting.get(i)); // the move did not happen: delete it after all
            }
        }
        return toDelete;
    }

    /**
     * The folder pairs that claimed the deletion of a message on a side in this run, with the
     * flags their msinfo remembered for it, by boxname.
     */
    public Map<String, RememberedFlags> deletedIn(Side side, String identity) {
        Map<String, RememberedFlags> boxes = deletedIn.get(side + ":" + identity);
        return boxes == null ? Map.of() : Map.copyOf(boxes);
    }

    /**
     * Ends the deletion claims of a batch: the records of the messages that went to the trash
     * (by identity); every other claim completes with null.
     */
    public void deletionsDone(Side side, String boxname, List<SyncAction> actions, List<DeletionRecord> trashed) {
        Map<String, DeletionRecord> byIdentity = new java.util.HashMap<>();
        for (DeletionRecord r : trashed) {
            byIdentity.put(r.identity(), r);
        }
        for (SyncAction a : actions) {
            if (a.identity() == null) {
                continue;
            }
            Claim c = claims.get(new Key(side, boxname, a.identity()));
            if (c != null && !c.move()) {
                c.done().complete(byIdentity.get(a.identity()));
            }
        }
    }

    /** What a claim ended with, or null when it does not end in time or its holder failed. */
    static Object await(CompletableFuture<Object> done) {
        try {
            return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }
}
