package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.sync.PlanFixtures.DEFAULTS;
import static org.mailsync.sync.PlanFixtures.REMOVE_FOLDERS;
import static org.mailsync.sync.PlanFixtures.deletedMsg;
import static org.mailsync.sync.PlanFixtures.index;
import static org.mailsync.sync.PlanFixtures.msg;
import static org.mailsync.sync.PlanFixtures.msinfo;
import static org.mailsync.sync.PlanFixtures.steps;

import org.junit.jupiter.api.Test;

/**
 * A pair whose folder exists on one side only. SEMANTICS.md "folder removed on one side": the
 * original recreated it empty and deleted all its messages on the other side.
 */
class FolderMissingPlanningTest {

    @Test
    void aNeverSyncedFolderIsCreatedAndFilled() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>"), deletedMsg("a2", "<2@x>"),
                msg("a3", null)), null, msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("CREATE_FOLDER B", "COPY A a1", "SKIP_DELETED A a2", "NO_IDENTITY A a3");
        assertThat(plan.skipped()).isFalse();
    }

    @Test
    void aNeverSyncedFolderOnBIsCreatedOnA() {
        SyncPlan plan = ThreeWayPlanner.plan("box", null, index(msg("b1", "<1@x>")), msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("CREATE_FOLDER A", "COPY B b1");
    }

    @Test
    void anEmptyNeverSyncedFolderIsStillCreated() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(), null, msinfo(), DEFAULTS);
        assertThat(steps(plan)).containsExactly("CREATE_FOLDER B");
    }

    @Test
    void aVanishedFolderIsNeverReadAsAllDeleted() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>"), msg("a2", "<new@x>")), null,
                msinfo("<1@x>"), DEFAULTS);
        assertThat(steps(plan)).containsExactly("FOLDER_MISSING B");
        assertThat(plan.skipped()).isTrue();
        assertThat(plan.msinfoBase()).containsExactly("<1@x>");
    }

    @Test
    void removeFoldersRemovesTheOtherSideWhenNothingNewIsThere() {
        SyncPlan plan = ThreeWayPlanner.plan("box", null, index(msg("b1", "<1@x>"), msg("b2", "<2@x>")),
                msinfo("<1@x>", "<2@x>", "<3@x>"), REMOVE_FOLDERS);
        assertThat(steps(plan)).containsExactly("REMOVE_FOLDER B");
        assertThat(plan.skipped()).isFalse();
        assertThat(plan.msinfoBase()).isEmpty();
    }

    @Test
    void removeFoldersKeepsAFolderHoldingNewMail() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>"), msg("a2", "<new@x>")), null,
                msinfo("<1@x>"), REMOVE_FOLDERS);
        assertThat(steps(plan)).containsExactly("FOLDER_MISSING B");
        assertThat(plan.skipped()).isTrue();
    }

    @Test
    void removeFoldersKeepsAFolderHoldingMailWithoutIdentity() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>"), msg("a2", null)), null,
                msinfo("<1@x>"), REMOVE_FOLDERS);
        assertThat(steps(plan)).containsExactly("FOLDER_MISSING B");
    }

    @Test
    void removeFoldersWithNoDeleteRemovesNothing() {
        SyncPlan plan = ThreeWayPlanner.plan("box", index(msg("a1", "<1@x>")), null, msinfo("<1@x>"),
                new SyncOptions(true, true, false, 0, false));
        assertThat(steps(plan)).containsExactly("FOLDER_MISSING B");
        assertThat(plan.changesStores()).isFalse();
    }

    @Test
    void bothMissingIsAnEmptySkippedPlan() {
        SyncPlan plan = ThreeWayPlanner.plan("box", null, null, msinfo("<1@x>"), DEFAULTS);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.skipped()).isTrue();
    }
}
