package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.sync.PlanFixtures.DEFAULTS;
import static org.mailsync.sync.PlanFixtures.NO_DELETE;
import static org.mailsync.sync.PlanFixtures.index;
import static org.mailsync.sync.PlanFixtures.msg;
import static org.mailsync.sync.PlanFixtures.msinfo;
import static org.mailsync.sync.PlanFixtures.steps;

import org.junit.jupiter.api.Test;

/**
 * Several messages with one identity in one folder. SEMANTICS.md "duplicate Message-ID": the
 * original expunged the first copy (often the one it had just copied), one per run; we keep the
 * first and delete a later one only when its content is identical.
 */
class DuplicatePlanningTest {

    @Test
    void anIdenticalLaterCopyIsDeleted() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>", "d1"), msg("a2", "<m@x>", "d1")),
                index(msg("b1", "<m@x>", "d1")), msinfo("<m@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE_DUPLICATE A a2");
        assertThat(plan.msinfoBase()).containsExactly("<m@x>");
    }

    @Test
    void aDifferentLaterCopyIsKeptAndReported() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>", "d1"), msg("a2", "<m@x>", "d2")),
                index(msg("b1", "<m@x>", "d1")), msinfo("<m@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DUPLICATE A a2");
        assertThat(plan.changesStores()).isFalse();
    }

    @Test
    void anUnknownDigestCountsAsDifferent() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>", null), msg("a2", "<m@x>", null)),
                index(msg("b1", "<m@x>")), msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DUPLICATE A a2");
    }

    @Test
    void onlyTheFirstOccurrenceIsCopied() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(),
                index(msg("b1", "<m@x>", "d1"), msg("b2", "<m@x>", "d2"), msg("b3", "<m@x>", "d1")),
                msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY B b1", "DELETE_DUPLICATE B b3", "DUPLICATE B b2");
    }

    @Test
    void noDeleteOnlyReportsIdenticalDuplicates() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>", "d1"), msg("a2", "<m@x>", "d1")),
                index(msg("b1", "<m@x>", "d1")), msinfo("<m@x>"), NO_DELETE);
        assertThat(steps(plan)).containsExactly("DUPLICATE A a2");
    }

    @Test
    void deletionOnTheOtherSideDeletesTheFirstAndIdenticalCopiesButKeepsDifferentOnes() {
        SyncPlan plan = ThreeWayPlanner.plan("box",
                index(msg("a1", "<m@x>", "d1"), msg("a2", "<m@x>", "d2"), msg("a3", "<m@x>", "d1"),
                        msg("a4", "<k@x>")),
                index(msg("b4", "<k@x>")), msinfo("<m@x>", "<k@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE A a1", "DELETE_DUPLICATE A a3", "DUPLICATE A a2");
        // a2 is not remembered: it was never on B, so a later run offers it to B as new.
        assertThat(plan.msinfoBase()).containsExactly("<k@x>");
    }

    @Test
    void duplicatesOnBothSidesAreHandledPerSide() {
        SyncPlan plan = ThreeWayPlanner.plan("box",
                index(msg("a1", "<m@x>", "d1"), msg("a2", "<m@x>", "d1")),
                index(msg("b1", "<m@x>", "d1"), msg("b2", "<m@x>", "d3")), msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE_DUPLICATE A a2", "DUPLICATE B b2");
        assertThat(plan.msinfoBase()).containsExactly("<m@x>");
    }
}
