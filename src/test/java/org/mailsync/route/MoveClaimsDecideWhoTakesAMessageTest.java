package org.mailsync.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.store.MessageMeta;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.IndexedMessage;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * {@link MoveClaims}: when the pair a message moved to and the pair it left both want it on the
 * same side, the first claim acts and the second builds on its result — a deletion skips a
 * message that was moved, deletes one whose move did not happen, and a move waiting for a
 * deletion gets its trash record.
 */
class MoveClaimsDecideWhoTakesAMessageTest {

    private final MoveClaims claims = new MoveClaims();

    @Test
    void aDeletionSkipsAMessageAMoveTookAway() throws Exception {
        assertThat(claims.claimMove(Side.B, "INBOX", "m1")).isNull();
        CompletableFuture<List<SyncAction>> deletion = CompletableFuture.supplyAsync(
                () -> claims.claimDeletions(Side.B, "INBOX", List.of(delete("m1"), delete("m2")), null));
        Thread.sleep(50);
        assertThat(deletion).as("waits for the move claimed first").isNotDone();

        claims.moveDone(Side.B, "INBOX", "m1", true);

        assertThat(deletion.get(5, TimeUnit.SECONDS)).extracting(SyncAction::identity).containsExactly("m2");
    }

    @Test
    void aDeletionDeletesAMessageWhoseMoveDidNotHappen() throws Exception {
        assertThat(claims.claimMove(Side.A, "INBOX", "m1")).isNull();
        claims.moveDone(Side.A, "INBOX", "m1", false);

        assertThat(claims.claimDeletions(Side.A, "INBOX", List.of(delete("m1")), null))
                .extracting(SyncAction::identity).containsExactly("m1");
    }

    @Test
    void aMoveAfterADeletionGetsWhereTheTrashKeepsTheMessage() throws Exception {
        List<SyncAction> batch = List.of(delete("m1"));
        assertThat(claims.claimDeletions(Side.B, "Archive", batch, null)).hasSize(1);
        CompletableFuture<Object> deletion = claims.claimMove(Side.B, "Archive", "m1");
        assertThat(deletion).as("the deletion came first").isNotNull().isNotDone();

        DeletionRecord trashed = new DeletionRecord(7, "run", Instant.EPOCH, "ch", "Archive", Side.B, "Archive", "m1",
                "Deleted", "1:42", FlagState.none(), null);
        claims.deletionsDone(Side.B, "Archive", batch, List.of(trashed));

        assertThat(deletion.get(5, TimeUnit.SECONDS)).isEqualTo(trashed);
        assertThat(claims.deletedIn(Side.B, "m1")).as("a later pair still finds where it was").containsOnlyKeys("Archive");
        assertThat(claims.deletedIn(Side.A, "m1")).isEmpty();
    }

    @Test
    void aFinalDeletionGivesAMoveNothingToTake() throws Exception {
        List<SyncAction> batch = List.of(delete("m1"));
        claims.claimDeletions(Side.B, "Archive", batch, null);
        CompletableFuture<Object> deletion = claims.claimMove(Side.B, "Archive", "m1");

        claims.deletionsDone(Side.B, "Archive", batch, List.of());

        assertThat(deletion.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void claimsAreBySideAndPair() {
        assertThat(claims.claimMove(Side.B, "INBOX", "m1")).isNull();

        assertThat(claims.claimDeletions(Side.A, "INBOX", List.of(delete("m1")), null)).hasSize(1);
        assertThat(claims.claimDeletions(Side.B, "Archive", List.of(delete("m1")), null)).hasSize(1);
    }

    private static SyncAction delete(String id) {
        MessageMeta meta = new MessageMeta("k-" + id, 10, Set.of(), null, null);
        return new SyncAction(ActionType.DELETE, Side.B, new IndexedMessage(id, meta, null));
    }
}
