package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.sync.PlanFixtures.DEFAULTS;
import static org.mailsync.sync.PlanFixtures.FORCE_DELETIONS;
import static org.mailsync.sync.PlanFixtures.NO_DELETE;
import static org.mailsync.sync.PlanFixtures.index;
import static org.mailsync.sync.PlanFixtures.msg;
import static org.mailsync.sync.PlanFixtures.msinfo;
import static org.mailsync.sync.PlanFixtures.numbered;
import static org.mailsync.sync.PlanFixtures.numberedIds;
import static org.mailsync.sync.PlanFixtures.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The deletion circuit breaker (SEMANTICS.md "Deletions users can trust"): more deletions on one
 * side than {@code maxdelete} allows (default more than 50 % of the pair's remembered messages
 * and more than 20) are all held back; copies and the other side's actions still happen.
 */
class DeletionBreakerTest {

    /** Side A holds messages 0..99 and a new one; side B kept only {@code keptOnB} of them. */
    private static SyncPlan wipedOnB(int keptOnB, SyncOptions options) {
        List<IndexedMessage> a = new ArrayList<>(Arrays.asList(numbered("a", 0, 100)));
        a.add(msg("a-new", "<new@x>"));
        return ThreeWayPlanner.plan("box", new FolderIndex("box", a), index(numbered("b", 0, keptOnB)),
                numberedIds(0, 100), options);
    }

    /** Both sides held messages 0 to {@code remembered - 1}; side B lost the first {@code deleted}. */
    private static SyncPlan deletedOnB(int remembered, int deleted, SyncOptions options) {
        return ThreeWayPlanner.plan("box", index(numbered("a", 0, remembered)), index(numbered("b", deleted, remembered)),
                numberedIds(0, remembered), options);
    }

    @Test
    void eightyOfAHundredDeletedAreHeldAndNewMailIsStillCopied() {
        SyncPlan plan = wipedOnB(20, DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a-new", "DELETIONS_HELD A");
        assertThat(plan.deletionsHeld()).containsExactly(new DeletionsHeld(Side.A, 80, 100, DeletionLimit.DEFAULT));
        assertThat(plan.msinfoBase()).isEqualTo(numberedIds(0, 100)); // the 80 stay pending
        assertThat(plan.skipped()).isFalse();
    }

    @Test
    void aWipedFolderIsHeldToo() {
        SyncPlan plan = wipedOnB(0, DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a-new", "DELETIONS_HELD A");
        assertThat(plan.deletionsHeldOn(Side.A).deletions()).isEqualTo(100);
        assertThat(plan.deletionsHeldOn(Side.B)).isNull();
    }

    @Test
    void deletingTheOnlyTwoMessagesOfAFolderPropagates() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>"), msg("a2", "<2@x>")),
                index(msg("b3", "<new@x>")), msinfo("<1@x>", "<2@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY B b3", "DELETE A a1", "DELETE A a2");
        assertThat(plan.deletionsHeld()).isEmpty();
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void forceDeletionsLiftsIt() {
        SyncPlan plan = wipedOnB(20, FORCE_DELETIONS);
        assertThat(plan.actionsOf(ActionType.DELETE)).hasSize(80);
        assertThat(plan.actionsOf(ActionType.DELETIONS_HELD)).isEmpty();
        assertThat(plan.msinfoBase()).isEqualTo(numberedIds(0, 20));
    }

    @Test
    void theFloorIsExclusive() {
        // 21 of 30 remembered: above 50 % and above 20.
        SyncPlan over = deletedOnB(30, 21, DEFAULTS);
        assertThat(over.actionsOf(ActionType.DELETIONS_HELD)).hasSize(1);
        // 20 of 30: 67 %, but not above the floor.
        SyncPlan at = deletedOnB(30, 20, DEFAULTS);
        assertThat(at.actionsOf(ActionType.DELETE)).hasSize(20);
        assertThat(at.deletionsHeld()).isEmpty();
    }

    @Test
    void thePercentageIsExclusive() {
        // 50 of 100 is not more than 50 %; 51 of 100 is.
        SyncPlan half = deletedOnB(100, 50, DEFAULTS);
        assertThat(half.actionsOf(ActionType.DELETE)).hasSize(50);
        SyncPlan more = deletedOnB(100, 51, DEFAULTS);
        assertThat(more.actionsOf(ActionType.DELETE)).isEmpty();
        assertThat(more.deletionsHeldOn(Side.A).deletions()).isEqualTo(51);
    }

    @Test
    void theChannelsLimitDecides() {
        // maxdelete 30/10 on 40 remembered: 12 is not more than 30 % (12), 13 is, and both are above 10.
        SyncOptions thirtyTen = DEFAULTS.withMaxDelete(new DeletionLimit(30, 10));
        SyncPlan twelve = deletedOnB(40, 12, thirtyTen);
        assertThat(twelve.actionsOf(ActionType.DELETE)).hasSize(12);
        SyncPlan thirteen = deletedOnB(40, 13, thirtyTen);
        assertThat(thirteen.deletionsHeld()).containsExactly(new DeletionsHeld(Side.A, 13, 40, new DeletionLimit(30, 10)));
    }

    @Test
    void maxdelete100NeverHolds() {
        SyncPlan plan = wipedOnB(0, DEFAULTS.withMaxDelete(new DeletionLimit(100, 0)));
        assertThat(plan.actionsOf(ActionType.DELETE)).hasSize(100);
    }

    @Test
    void eachSideIsJudgedOnItsOwn() {
        // B lost 60 of 100 (held on A); A lost 2 (propagated to B).
        List<IndexedMessage> a = new ArrayList<>(Arrays.asList(numbered("a", 2, 100)));
        SyncPlan plan = ThreeWayPlanner.plan("box", new FolderIndex("box", a), index(numbered("b", 0, 2)),
                numberedIds(0, 100), DEFAULTS);
        assertThat(plan.deletionsHeldOn(Side.A).deletions()).isEqualTo(98);
        assertThat(steps(plan)).contains("DELETE B b0", "DELETE B b1", "DELETIONS_HELD A");
    }

    @Test
    void duplicatesDeletedAreNotCounted() {
        List<IndexedMessage> a = new ArrayList<>();
        for (IndexedMessage m : numbered("a", 0, 30)) {
            a.add(m);
            a.add(msg(m.meta().key() + "-dup", m.identity()));
        }
        SyncPlan plan = ThreeWayPlanner.plan("box", new FolderIndex("box", a), index(numbered("b", 0, 30)),
                numberedIds(0, 30), DEFAULTS);
        assertThat(plan.actionsOf(ActionType.DELETE_DUPLICATE)).hasSize(30);
        assertThat(plan.deletionsHeld()).isEmpty();
    }

    @Test
    void noDeleteHoldsThemAsMinusNNotAsTheBreaker() {
        SyncPlan plan = wipedOnB(20, NO_DELETE);
        assertThat(plan.actionsOf(ActionType.DELETE_PENDING)).hasSize(80);
        assertThat(plan.deletionsHeld()).isEmpty();
        assertThat(plan.msinfoBase()).isEqualTo(numberedIds(0, 100));
    }

    @Test
    void heldDeletionsStayHeldOnTheNextRunUntilForced() {
        InMemoryPair pair = new InMemoryPair(List.of(numbered("a", 0, 30)), List.of(numbered("b", 25, 30)));
        SyncPlan first = pair.plan(numberedIds(0, 30), DEFAULTS);
        InMemoryPair.Applied after = pair.apply(first);
        SyncPlan second = after.pair().plan(after.msinfo(first), DEFAULTS);
        assertThat(steps(second)).containsExactly("DELETIONS_HELD A");
        SyncPlan forced = after.pair().plan(after.msinfo(first), FORCE_DELETIONS);
        assertThat(forced.actionsOf(ActionType.DELETE)).hasSize(25);
    }

    @Test
    void pendingMinusNDeletionsMeetTheBreakerOnALaterRun() {
        InMemoryPair pair = new InMemoryPair(List.of(numbered("a", 0, 30)), List.of());
        SyncPlan held = pair.plan(numberedIds(0, 30), NO_DELETE);
        InMemoryPair.Applied after = pair.apply(held);
        assertThat(steps(after.pair().plan(after.msinfo(held), DEFAULTS))).containsExactly("DELETIONS_HELD A");
    }

    @Test
    void aFolderHoldingOnlyMailWithoutIdentityPropagatesASmallDeletion() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>")), index(msg("b1", null)),
                msinfo("<1@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE A a1", "NO_IDENTITY B b1");
    }
}
