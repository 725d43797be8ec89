package org.mailsync.route;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.report.PairOutcome;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.local.MaildirRenames;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.FlagMerge;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.RememberedFlags;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncPlan;
import org.mailsync.trash.LocalTrash;
import org.mailsync.trash.SideTrash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Move detection: a message that left folder X and appeared in folder Y on one side is moved
 * from X to Y on the other side too ({@code UID MOVE}, a Maildir rename) instead of being
 * uploaded to Y again and deleted from X. It keeps its bytes, date and (on the server) its
 * history; the pair of X then finds it gone from both sides and forgets it.
 *
 * <p>The planner stays pure and per pair: it plans a COPY into Y and, in X's pair, a DELETE. This
 * bean turns such a COPY into a move when all of these hold (anything else is the copy):
 * <ol>
 *   <li>exactly one other pair of the channel, X, remembers the identity in its msinfo
 *       ({@link #sources}, one state query per pair for all its copies);</li>
 *   <li>X's folder on the side the message came from no longer holds it (else the user copied
 *       it, and X keeps its own);</li>
 *   <li>X's folder on the target side holds exactly one message with it: that one is moved; or
 *       X's pair already moved it to the trash in this run (it was deleted there because it left
 *       X): it is taken from the trash, and its deletion log row is dropped.</li>
 * </ol>
 * Both pairs may run at once; {@link MoveClaims} decides which acts first on the message. Then
 * the flags: the moved message carries the target side's flags, merged three-way with the
 * source's current ones against what X's msinfo remembered ({@link FlagMerge}), so that a move
 * plus a flag change arrive together.
 *
 * <p>Never loses mail: a move is atomic on both kinds of store that do it natively, and the
 * default of other stores copies before it deletes; whatever fails falls back to the copy. A
 * kill after the move and before Y's msinfo commit leaves the message in Y on both sides and in
 * neither X: the next run records it in Y and lets X forget it.
 */
public class MessageMover {

    /** The exchange property with the run's {@link MoveClaims}. */
    public static final String CLAIMS = "mailsyncMoveClaims";
    /** The exchange property with the pair's {@link PairMoves}. */
    public static final String PAIR_MOVES = "mailsyncPairMoves";
    /** The exchange property a copy's exchange gets: whether it was done as a move. */
    public static final String MOVED = "mailsyncMoved";

    private static final Logger LOG = LoggerFactory.getLogger(MessageMover.class);

    /** A sync run's claims. */
    public MoveClaims start() {
        return new MoveClaims();
    }

    /** The pair's copies that may be moves, by where they may come from. */
    public PairMoves sources(@ExchangeProperty(MailsyncConstants.PLAN) SyncPlan plan,
                             @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                             @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                             @ExchangeProperty(CLAIMS) MoveClaims claims) {
        List<SyncAction> copies = plan.actionsOf(ActionType.COPY).stream().filter(a -> a.identity() != null).toList();
        if (copies.isEmpty() || claims == null) {
            return PairMoves.NONE;
        }
        Map<String, Map<String, RememberedFlags>> found;
        try {
            found = job.state().rememberedElsewhere(job.channel(), pair.boxname(),
                    copies.stream().map(SyncAction::identity).distinct().toList());
        } catch (MsinfoException e) {
            LOG.debug("{}: no move detection: {}", pair.boxname(), e.getMessage());
            return PairMoves.NONE;
        }
        Map<String, PairMoves.Source> sources = new HashMap<>();
        for (SyncAction copy : copies) {
            // msinfo of the pairs not yet committed, and this run's deletions of pairs that were
            Map<String, RememberedFlags> boxes = new java.util.TreeMap<>(found.getOrDefault(copy.identity(), Map.of()));
            claims.deletedIn(copy.side().other(), copy.identity()).forEach(boxes::putIfAbsent);
            boxes.remove(pair.boxname());
            if (boxes.size() == 1) { // remembered in two other pairs: which one it left is not clear
                Map.Entry<String, RememberedFlags> e = boxes.entrySet().iterator().next();
                sources.put(copy.identity(), new PairMoves.Source(e.getKey(), e.getValue()));
            }
        }
        return sources.isEmpty() ? PairMoves.NONE : new PairMoves(sources);
    }

    /**
     * Carries out a COPY as a move on its target side where it is one (see the class comment),
     * and says whether it did in the exchange property {@link #MOVED}; when not, the route
     * copies it. The body stays the action.
     */
    public void move(SyncAction action,
                        @ExchangeProperty(MailsyncConstants.JOB) SyncJob job,
                        @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair,
                        @ExchangeProperty(MailsyncConstants.OUTCOME) PairOutcome outcome,
                        @ExchangeProperty(PAIR_MOVES) PairMoves moves,
                        @ExchangeProperty(CLAIMS) MoveClaims claims,
                        Exchange exchange) {
        exchange.setProperty(MOVED, tryMove(action, job, pair, outcome, moves, claims));
    }

    private boolean tryMove(SyncAction action, SyncJob job, FolderPair pair, PairOutcome outcome, PairMoves moves,
                            MoveClaims claims) {
        PairMoves.Source source = moves == null ? null : moves.source(action.identity());
        if (source == null || claims == null || outcome.isFolderFailed() || outcome.isAborted()) {
            return false;
        }
        Side from = action.side();
        Side to = from.other();
        String id = action.identity();
        StoreSide target = job.side(to);
        String into = to == Side.A ? pair.folderA() : pair.folderB();
        String leftOnSource = job.side(from).folderName(source.boxname());
        String leftOnTarget = target.folderName(source.boxname());
        try {
            if (!moves.find(job, from, leftOnSource, id).isEmpty()) {
                return false; // still in X where it came from: a copy the user made, not a move
            }
        } catch (StoreException e) {
            LOG.debug("{}: {} not moved, {} cannot be read: {}", pair.boxname(), id, leftOnSource, e.getMessage());
            return false;
        }
        Moved moved;
        CompletableFuture<Object> deletion = claims.claimMove(to, source.boxname(), id);
        if (deletion == null) {
            moved = null;
            try {
                moved = moveOut(moves, job, to, leftOnTarget, id, into);
            } finally {
                claims.moveDone(to, source.boxname(), id, moved != null);
            }
        } else if (MoveClaims.await(deletion) instanceof DeletionRecord trashed && trashed.trashKey() != null) {
            moved = fromTrash(job, to, trashed, into);
        } else {
            moved = null;
        }
        if (moved == null) {
            return false;
        }
        LOG.debug("{}: moved {} from {}{} to {} on {}", pair.boxname(), id, leftOnTarget,
                deletion == null ? "" : " (via the trash)", into, target.name());
        if (job.options().syncFlags()) {
            mergeFlags(job, pair, action, source.base(), moved, into);
        }
        outcome.copied(action);
        job.report().action(pair.boxname(), action);
        job.report().progress().copied(pair.boxname(), Math.max(0, action.message().meta().size()));
        return true;
    }

    /** A message moved into the pair's folder: its key there (null when the store cannot tell) and its flags. */
    private record Moved(String key, FlagState flags) {
    }

    /** Moves the one message with the identity out of the other folder of the target side; null when there is not exactly one. */
    private static Moved moveOut(PairMoves moves, SyncJob job, Side side, String folder, String id, String into) {
        try {
            List<MessageMeta> there = moves.find(job, side, folder, id);
            if (there.size() != 1) {
                return null;
            }
            MessageMeta m = there.get(0);
            Map<String, String> keys = job.side(side).store().move(folder, List.of(m), into);
            return keys.containsKey(m.key()) ? new Moved(keys.get(m.key()), FlagState.of(m)) : null;
        } catch (StoreException e) {
            LOG.debug("{} not moved from {}: {}", id, folder, e.getMessage());
            return null;
        }
    }

    /**
     * Takes a message that the pair it left put into the trash in this run: a move within the
     * IMAP store, a rename from the local trash into a Maildir, else a copy from the local trash
     * and its removal there; null when it could not be taken.
     * The deletion log row goes, so that {@code undo} does not put it back where it left.
     */
    private static Moved fromTrash(SyncJob job, Side side, DeletionRecord trashed, String into) {
        MailStore store = job.side(side).store();
        SideTrash bin = job.trash().side(side);
        MessageMeta meta = new MessageMeta(trashed.trashKey(), 0, trashed.flags().flags(), trashed.internalDate(), null,
                trashed.flags().keywords());
        try {
            Map<String, String> keys;
            if (bin != null && bin.store(store) == store) {
                keys = store.move(trashed.trashFolder(), List.of(meta), into);
            } else if (bin != null) {
                // from the local trash: renamed into a Maildir, else written there and removed from the trash
                Path trashDir = bin instanceof LocalTrash local ? local.dir().resolve(trashed.trashFolder()) : null;
                Path intoDir = store instanceof LocalStore ls ? ls.root().resolve(into) : null;
                keys = MaildirRenames.move(bin.store(store), trashed.trashFolder(), trashDir, List.of(meta), store, into, intoDir);
            } else {
                return null;
            }
            if (!keys.containsKey(meta.key())) {
                return null;
            }
            forget(job, trashed);
            return new Moved(keys.get(meta.key()), trashed.flags());
        } catch (StoreException e) {
            LOG.debug("{} not taken from the trash {}: {}", trashed.identity(), trashed.trashFolder(), e.getMessage());
            return null;
        }
    }

    /** Drops the deletion log row of a message taken back from the trash. */
    private static void forget(SyncJob job, DeletionRecord trashed) {
        try {
            List<Long> ids = job.state().deletions(job.channel(), trashed.runAt()).stream()
                    .filter(r -> r.runId().equals(trashed.runId()) && r.side() == trashed.side()
                            && r.identity().equals(trashed.identity()) && Objects.equals(r.trashKey(), trashed.trashKey()))
                    .map(DeletionRecord::id).toList();
            job.state().forgetDeletions(ids);
        } catch (MsinfoException e) {
            // undo will say it cannot find it in the trash; nothing is lost
            LOG.debug("deletion log row of {} kept: {}", trashed.identity(), e.getMessage());
        }
    }

    /**
     * Brings both copies of the moved message to the same flags: the three-way merge of the
     * source's current flags and the moved message's against what the other pair remembered.
     * A flag change that fails is a warning: the move stands, and the flags differ until the
     * user changes them again.
     */
    private static void mergeFlags(SyncJob job, FolderPair pair, SyncAction action, RememberedFlags base, Moved moved,
                                   String into) {
        Side from = action.side();
        FlagState source = FlagState.of(action.message().meta());
        FlagMerge.Result merged = from == Side.A ? FlagMerge.merge(source, moved.flags(), base)
                : FlagMerge.merge(moved.flags(), source, base);
        FlagChange onSource = from == Side.A ? merged.onA() : merged.onB();
        FlagChange onTarget = from == Side.A ? merged.onB() : merged.onA();
        String sourceFolder = from == Side.A ? pair.folderA() : pair.folderB();
        try {
            if (onTarget != null && !onTarget.isEmpty() && moved.key() != null) {
                job.side(from.other()).store().changeFlags(into, Map.of(moved.key(), onTarget));
            }
            if (onSource != null && !onSource.isEmpty()) {
                job.side(from).store().changeFlags(sourceFolder, Map.of(action.message().meta().key(), onSource));
            }
        } catch (StoreException e) {
            job.report().warning("folder " + pair.boxname() + ": moved " + action.identity() + ", but its flags could not be"
                    + " merged: " + e.getMessage());
        }
    }
}
