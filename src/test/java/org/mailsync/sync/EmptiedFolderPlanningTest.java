package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.sync.PlanFixtures.ALLOW_EMPTIED;
import static org.mailsync.sync.PlanFixtures.DEFAULTS;
import static org.mailsync.sync.PlanFixtures.NO_DELETE;
import static org.mailsync.sync.PlanFixtures.index;
import static org.mailsync.sync.PlanFixtures.msg;
import static org.mailsync.sync.PlanFixtures.msinfo;
import static org.mailsync.sync.PlanFixtures.steps;

import org.junit.jupiter.api.Test;

/** A folder that exists but became empty while msinfo remembers messages the other side holds. */
class EmptiedFolderPlanningTest {

    @Test
    void thePairIsSkippedWholeNewMailIncluded() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>"), msg("a2", "<new@x>")), index(),
                msinfo("<1@x>", "<2@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("FOLDER_EMPTIED B");
        assertThat(plan.msinfoBase()).containsExactlyInAnyOrder("<1@x>", "<2@x>");
        assertThat(plan.skipped()).isTrue();
    }

    @Test
    void anEmptiedSideAIsProtectedToo() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(), index(msg("b1", "<1@x>")), msinfo("<1@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("FOLDER_EMPTIED A");
        assertThat(plan.msinfoBase()).containsExactly("<1@x>");
    }

    @Test
    void allowEmptiedPropagatesTheDeletions() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>")), index(), msinfo("<1@x>"), ALLOW_EMPTIED);
        assertThat(steps(plan)).containsExactly("DELETE A a1");
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void noReportWhenTheOtherSideHoldsNothingRemembered() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a2", "<new@x>")), index(), msinfo("<1@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a2");
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void bothSidesEmptyForgetsEverything() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(), index(), msinfo("<1@x>"), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void aFolderHoldingOnlyMailWithoutIdentityIsNotEmpty() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>")), index(msg("b1", null)),
                msinfo("<1@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE A a1", "NO_IDENTITY B b1");
    }

    @Test
    void theEmptiedReportTakesPrecedenceOverNoDelete() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>")), index(), msinfo("<1@x>"), NO_DELETE);
        assertThat(steps(plan)).containsExactly("FOLDER_EMPTIED B");
        assertThat(plan.msinfoBase()).containsExactly("<1@x>");
    }

    @Test
    void anEmptiedFolderStaysProtectedOnTheNextRun() {
        // Copying new mail into the emptied folder would end the protection on the next run and
        // delete everything remembered on the other side: so nothing is copied either.
        InMemoryPair pair = new InMemoryPair(java.util.List.of(msg("a1", "<1@x>"), msg("a2", "<new@x>")),
                java.util.List.of());
        SyncPlan first = pair.plan(msinfo("<1@x>"), DEFAULTS);
        InMemoryPair.Applied after = pair.apply(first);
        SyncPlan second = after.pair().plan(after.msinfo(first), DEFAULTS);
        assertThat(steps(second)).containsExactly("FOLDER_EMPTIED B");
        assertThat(after.pair().plan(after.msinfo(first), ALLOW_EMPTIED).actions())
                .extracting(SyncAction::type).contains(ActionType.DELETE);
    }
}
