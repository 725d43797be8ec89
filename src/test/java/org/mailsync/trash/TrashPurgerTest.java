package org.mailsync.trash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.sync.Side;

/** The retention purge, with the clock moved: kept {@code trashdays}, then removed with its log rows. */
class TrashPurgerTest {

    @TempDir
    Path dir;

    @Test
    void aTrashedMessageIsKeptForTheRetentionPeriodThenPurgedWithItsLogRow() throws Exception {
        TrashFixture f = new TrashFixture(dir, "m1", "m2");
        try (MsinfoRepository state = MsinfoRepository.open(dir.resolve(".msinfo"))) {
            TrashMover.trash(f.channelTrash(TrashFixture.T0, 30), state, "c", Side.A, f.store, "INBOX", "INBOX", f.deleteAll());

            int early = TrashPurger.purge(f.channelTrash(TrashFixture.T0.plus(Duration.ofDays(29)), 30), state, "c", f.store,
                    null);

            assertThat(early).isZero();
            assertThat(f.inTrash()).isEqualTo(2);
            assertThat(state.deletions("c", null)).hasSize(2);

            int late = TrashPurger.purge(f.channelTrash(TrashFixture.T0.plus(Duration.ofDays(30).plusSeconds(1)), 30), state,
                    "c", f.store, null);

            assertThat(late).isEqualTo(2);
            assertThat(f.inTrash()).isZero();
            assertThat(state.deletions("c", null)).isEmpty();
        }
    }

    @Test
    void onlyLoggedMessagesArePurgedAndOnesAlreadyGoneOnlyLeaveTheLog() throws Exception {
        TrashFixture f = new TrashFixture(dir, "m1", "m2");
        try (MsinfoRepository state = MsinfoRepository.open(dir.resolve(".msinfo"))) {
            TrashMover.trash(f.channelTrash(TrashFixture.T0, 1), state, "c", Side.A, f.store, "INBOX", "INBOX", f.deleteAll());
            // the user emptied one by hand; another message landed in the trash folder unlogged
            String gone = f.trash.store(f.store).index("INBOX").get(0).key();
            f.trash.store(f.store).delete("INBOX", java.util.List.of(gone));
            f.trash.store(f.store).append("INBOX", new java.io.ByteArrayInputStream("Subject: x\n\nx\n".getBytes()),
                    java.util.Set.of(), null);

            int purged = TrashPurger.purge(f.channelTrash(TrashFixture.T0.plus(Duration.ofDays(2)), 1), state, "c", f.store,
                    null);

            assertThat(purged).isEqualTo(1);
            assertThat(f.inTrash()).as("the unlogged message stays").isEqualTo(1);
            assertThat(state.deletions("c", null)).isEmpty();
        }
    }
}
