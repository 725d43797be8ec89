package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.sync.PlanFixtures.DEFAULTS;
import static org.mailsync.sync.PlanFixtures.FLAGS_OFF;
import static org.mailsync.sync.PlanFixtures.base;
import static org.mailsync.sync.PlanFixtures.flagged;
import static org.mailsync.sync.PlanFixtures.flags;
import static org.mailsync.sync.PlanFixtures.index;
import static org.mailsync.sync.PlanFixtures.msg;
import static org.mailsync.sync.PlanFixtures.steps;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Three-way flag sync, one test per row of SEMANTICS.md "flag sync": each flag and keyword of a
 * message on both sides, each side compared with its own remembered base.
 */
class FlagMergeTest {

    private static final String ID = "<m@x>";

    /** Plans one message on both sides, remembered with that base. */
    private static SyncPlan plan(String onA, String onB, RememberedFlags remembered, SyncOptions options) {
        return ThreeWayPlanner.plan("box", index(flagged("a1", ID, flags(onA))), index(flagged("b1", ID, flags(onB))),
                Map.of(ID, remembered), options);
    }

    private static SyncPlan plan(String onA, String onB, RememberedFlags remembered) {
        return plan(onA, onB, remembered, DEFAULTS);
    }

    @Test
    void setOnAOnlyIsSetOnB() {
        SyncPlan plan = plan("\\Seen", "", base("", ""));
        assertThat(steps(plan)).containsExactly("SET_FLAGS B b1 +SEEN");
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen", "\\Seen"));
        assertThat(plan.msinfoBase()).containsExactly(ID);
    }

    @Test
    void clearedOnAOnlyIsClearedOnB() {
        SyncPlan plan = plan("", "\\Flagged $Work", base("\\Flagged $Work", "\\Flagged $Work"));
        assertThat(steps(plan)).containsExactly("SET_FLAGS B b1 -FLAGGED -$Work");
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("", ""));
    }

    @Test
    void setOnBOnlyIsSetOnA() {
        SyncPlan plan = plan("\\Seen", "\\Seen \\Answered $Forwarded", base("\\Seen", "\\Seen"));
        assertThat(steps(plan)).containsExactly("SET_FLAGS A a1 +ANSWERED +$Forwarded");
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen \\Answered $Forwarded", "\\Seen \\Answered $Forwarded"));
    }

    @Test
    void clearedOnBOnlyIsClearedOnA() {
        SyncPlan plan = plan("\\Seen \\Draft", "\\Seen", base("\\Seen \\Draft", "\\Seen \\Draft"));
        assertThat(steps(plan)).containsExactly("SET_FLAGS A a1 -DRAFT");
    }

    @Test
    void changedOnBothToTheSameValueChangesNothing() {
        SyncPlan plan = plan("\\Seen", "\\Seen", base("\\Flagged", "\\Flagged"));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen", "\\Seen"));
    }

    @Test
    void changedOnBothToDifferentValuesSetWins() {
        // Possible only when the bases differ: A had $Later and cleared it, B lacked it and set it.
        // No store tells reliably which side changed last, and a lost mark is lost work.
        SyncPlan setOnB = plan("", "$Later", base("$Later", ""));
        assertThat(steps(setOnB)).containsExactly("SET_FLAGS A a1 +$Later");
        assertThat(setOnB.rememberedFlags(ID)).isEqualTo(base("$Later", "$Later"));

        SyncPlan setOnA = plan("\\Flagged", "", base("", "\\Flagged"));
        assertThat(steps(setOnA)).containsExactly("SET_FLAGS B b1 +FLAGGED");
    }

    @Test
    void unchangedOnBothButDifferentChangesNothing() {
        // Side B could not keep the keyword at the last sync (a store without keywords): it must
        // neither be retried forever nor read as "cleared on B".
        SyncPlan plan = plan("\\Seen $Work", "\\Seen", base("\\Seen $Work", "\\Seen"));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen $Work", "\\Seen"));
    }

    @Test
    void anUnknownBaseCountsAsUnchanged() {
        // The first run after importing the original's msinfo, or after "flags off": nothing changes.
        SyncPlan bothUnknown = plan("\\Seen", "\\Flagged", RememberedFlags.unknown());
        assertThat(bothUnknown.actions()).isEmpty();
        assertThat(bothUnknown.rememberedFlags(ID)).isEqualTo(base("\\Seen", "\\Flagged"));

        // One side known: its own changes still propagate; the unknown side's differences do not.
        SyncPlan aKnown = plan("\\Seen \\Answered", "\\Flagged", base("\\Seen", null));
        assertThat(steps(aKnown)).containsExactly("SET_FLAGS B b1 +ANSWERED");
    }

    @Test
    void onBothButNotInMsinfoChangesNothingAndRecordsTheFlags() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(flagged("a1", ID, flags("\\Seen"))),
                index(flagged("b1", ID, flags("$Junk"))), Map.of(), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.msinfoBase()).containsExactly(ID);
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen", "$Junk"));
    }

    @Test
    void duplicatesAreNeitherComparedNorChanged() {
        // Only the first occurrence on each side is the message; a later one with other flags
        // (an identical duplicate about to be deleted, or a different one kept) is left alone.
        SyncPlan plan = ThreeWayPlanner.plan("box",
                index(flagged("a1", ID, flags("")), flagged("a2", ID, flags("\\Seen \\Flagged"))),
                index(flagged("b1", ID, flags("")), flagged("b2", ID, flags("$Junk"))),
                Map.of(ID, base("", "")), DEFAULTS);
        assertThat(plan.actionsOf(ActionType.SET_FLAGS)).isEmpty();
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("", ""));
    }

    @Test
    void flagsOffChangesNothingButRecordsTheFlags() {
        SyncPlan plan = plan("\\Seen", "", base("", ""), FLAGS_OFF);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen", ""));
    }

    @Test
    void keywordsCompareIgnoringCase() {
        SyncPlan same = plan("$Work", "$WORK", base("", ""));
        assertThat(same.actions()).isEmpty();

        // Added as the side that has it spells it, removed as the side itself spells it.
        SyncPlan removed = plan("", "$WORK", base("$work", "$WORK"));
        assertThat(steps(removed)).containsExactly("SET_FLAGS B b1 -$WORK");
    }

    @Test
    void deletedIsNeverSynced() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(PlanFixtures.deletedMsg("a1", ID)),
                index(flagged("b1", ID, flags("\\Seen"))), Map.of(ID, base("\\Seen", "\\Seen")), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
    }

    @Test
    void aCopyRecordsItsSourceFlagsAndTheTargetUnknown() {
        // The target store may not keep every keyword: the next run records what it kept.
        SyncPlan plan = ThreeWayPlanner.plan("box", index(flagged("a1", ID, flags("\\Seen $Work"))), index(),
                Map.of(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a1");
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen $Work", null));
    }

    @Test
    void pendingDeletionsKeepWhatMsinfoRemembered() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", ID)), index(), Map.of(ID, base("\\Seen", "")),
                PlanFixtures.NO_DELETE);
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen", ""));
    }

    @Test
    void flagChangesComeAfterCopiesAndBeforeDeletionsEachSideInItsOrder() {
        SyncPlan plan = ThreeWayPlanner.plan("box",
                index(flagged("a1", "<1@x>", flags("\\Seen")), flagged("a2", "<2@x>", flags("\\Seen")), msg("a3", "<new@x>"),
                        msg("a4", "<gone@x>")),
                index(flagged("b2", "<2@x>", flags("\\Flagged")), flagged("b1", "<1@x>", flags("$Junk"))),
                Map.of("<1@x>", base("", ""), "<2@x>", base("", ""), "<gone@x>", base("", "")), DEFAULTS);
        assertThat(steps(plan)).containsExactly("COPY A a3", "SET_FLAGS A a1 +$Junk", "SET_FLAGS A a2 +FLAGGED",
                "SET_FLAGS B b2 +SEEN", "SET_FLAGS B b1 +SEEN", "DELETE A a4");
    }

    @Test
    void theSetOfIdentitiesOverloadPlansNoFlagChanges() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(flagged("a1", ID, flags("\\Seen"))),
                index(flagged("b1", ID, flags(""))), java.util.Set.of(ID), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.rememberedFlags(ID)).isEqualTo(base("\\Seen", ""));
    }
}
