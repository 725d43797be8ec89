package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.sync.PlanFixtures.COPY_DELETED;
import static org.mailsync.sync.PlanFixtures.DEFAULTS;
import static org.mailsync.sync.PlanFixtures.NO_DELETE;
import static org.mailsync.sync.PlanFixtures.deletedMsg;
import static org.mailsync.sync.PlanFixtures.index;
import static org.mailsync.sync.PlanFixtures.msg;
import static org.mailsync.sync.PlanFixtures.msinfo;
import static org.mailsync.sync.PlanFixtures.sizeLimit;
import static org.mailsync.sync.PlanFixtures.sizedMsg;
import static org.mailsync.sync.PlanFixtures.steps;

import org.junit.jupiter.api.Test;

/** The three-way rule of SEMANTICS.md, one test per row, and the rules for new messages. */
class ThreeWayPlannerTest {

    @Test
    void row100NewOnACopiesToB() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>")), index(), msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a1");
        assertThat(plan.msinfoBase()).isEmpty(); // the committer adds it once the copy succeeded
        assertThat(plan.skipped()).isFalse();
    }

    @Test
    void row010NewOnBCopiesToA() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(), index(msg("b1", "<m@x>")), msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY B b1");
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void row110OnBothDoesNothingAndIsRemembered() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>")), index(msg("b1", "<m@x>")),
                msinfo(), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.msinfoBase()).containsExactly("<m@x>");
    }

    @Test
    void row111OnBothDoesNothingAndStaysRemembered() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>")), index(msg("b1", "<m@x>")),
                msinfo("<m@x>"), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.msinfoBase()).containsExactly("<m@x>");
    }

    @Test
    void row101DeletedOnBDeletesOnA() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>"), msg("a2", "<k@x>")),
                index(msg("b2", "<k@x>")), msinfo("<m@x>", "<k@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE A a1");
        assertThat(plan.msinfoBase()).containsExactly("<k@x>");
    }

    @Test
    void row011DeletedOnADeletesOnB() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a2", "<k@x>")),
                index(msg("b1", "<m@x>"), msg("b2", "<k@x>")), msinfo("<m@x>", "<k@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE B b1");
        assertThat(plan.msinfoBase()).containsExactly("<k@x>");
    }

    @Test
    void row001DeletedOnBothIsForgotten() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a2", "<k@x>")), index(msg("b2", "<k@x>")),
                msinfo("<gone@x>", "<k@x>"), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.msinfoBase()).containsExactly("<k@x>");
    }

    @Test
    void actionsComeInPlanOrderAndCopiesKeepFolderOrder() {
        // SEMANTICS.md "copy order": the original copied in Message-ID sort order.
        SyncPlan plan = ThreeWayPlanner.plan("box",
                index(msg("a1", "<z@x>"), msg("a2", "<gone-on-b@x>"), msg("a3", "<a@x>"), msg("a4", null)),
                index(msg("b1", "<y@x>"), msg("b2", "<gone-on-a@x>"), msg("b3", "<b@x>")),
                msinfo("<gone-on-b@x>", "<gone-on-a@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly(
                "COPY A a1", "COPY A a3",
                "COPY B b1", "COPY B b3",
                "DELETE A a2", "DELETE B b2",
                "NO_IDENTITY A a4");
    }

    @Test
    void messagesWithoutIdentityAreReportedNeverCopiedOrDeleted() {
        // SEMANTICS.md "message without Message-ID": the original synced the first as "<>".
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", null), msg("a2", null)),
                index(msg("b1", null)), msinfo("<m@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("NO_IDENTITY A a1", "NO_IDENTITY A a2", "NO_IDENTITY B b1");
        assertThat(plan.changesStores()).isFalse();
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void newMessagesFlaggedDeletedAreSkipped() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(deletedMsg("a1", "<m@x>")), index(), msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("SKIP_DELETED A a1");
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void newMessagesFlaggedDeletedAreCopiedWithCopyDeleted() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(), index(deletedMsg("b1", "<m@x>")), msinfo(), COPY_DELETED);
        assertThat(steps(plan)).containsExactly("COPY B b1");
    }

    @Test
    void rememberedMessagesFlaggedDeletedAreStillDeletedWhenGoneOnTheOtherSide() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(deletedMsg("a1", "<m@x>")), index(), msinfo("<m@x>"),
                DEFAULTS);
        assertThat(steps(plan)).containsExactly("DELETE A a1");
    }

    @Test
    void newMessagesOverTheSizeLimitAreSkipped() {
        SyncPlan plan = ThreeWayPlanner.plan("box",
                index(sizedMsg("a1", "<big@x>", 1001), sizedMsg("a2", "<fits@x>", 1000)), index(),
                msinfo(), sizeLimit(1000));
        assertThat(steps(plan)).containsExactly("COPY A a2", "SKIP_TOO_BIG A a1");
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void sizeLimitZeroMeansNoLimit() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(sizedMsg("a1", "<big@x>", 1L << 40)), index(),
                msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a1");
    }

    @Test
    void noDeleteHoldsDeletionsPendingInMsinfo() {
        // SEMANTICS.md "-n": the original dropped these ids, so the next run resurrected the mail.
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<m@x>"), msg("a2", "<new@x>")),
                index(msg("b2", "<k@x>")), msinfo("<m@x>", "<k@x>"), NO_DELETE);
        assertThat(steps(plan)).containsExactly("COPY A a2", "DELETE_PENDING A a1", "DELETE_PENDING B b2");
        assertThat(plan.msinfoBase()).containsExactlyInAnyOrder("<m@x>", "<k@x>");
    }

    @Test
    void pendingDeletionsAreCarriedOutByALaterRunWithoutNoDelete() {
        InMemoryPair pair = new InMemoryPair(java.util.List.of(msg("a1", "<m@x>")), java.util.List.of());
        SyncPlan held = pair.plan(msinfo("<m@x>"), NO_DELETE);
        InMemoryPair.Applied after = pair.apply(held);
        SyncPlan later = after.pair().plan(after.msinfo(held), DEFAULTS);
        assertThat(steps(later)).containsExactly("DELETE A a1");
    }

    @Test
    void theSamePlanComesFromTheSameInput() {
        FolderIndex a = index(msg("a1", "<1@x>"), msg("a2", "<2@x>"), msg("a3", "<3@x>"));
        FolderIndex b = index(msg("b1", "<4@x>"), msg("b2", "<2@x>"));
        assertThat(ThreeWayPlanner.plan("box", a, b, msinfo("<3@x>"), DEFAULTS))
                .isEqualTo(ThreeWayPlanner.plan("box", a, b, msinfo("<3@x>"), DEFAULTS));
    }
}
