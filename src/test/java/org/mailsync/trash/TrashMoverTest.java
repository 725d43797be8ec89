package org.mailsync.trash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.DeletionRecord;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.store.Flag;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.sync.Side;

/**
 * A deletion goes to the trash and into the log, and a kill at any step leaves every message
 * in its folder, in the trash or in both (never neither); the log never names a message the
 * trash does not hold.
 */
class TrashMoverTest {

    @TempDir
    Path dir;

    @Test
    void deletedMessagesAreInTheTrashAndLoggedWithFlagsAndDate() throws Exception {
        TrashFixture f = new TrashFixture(dir, "m1", "m2");
        try (MsinfoRepository state = MsinfoRepository.open(dir.resolve(".msinfo"))) {
            List<DeletionRecord> records = TrashMover.trash(f.channelTrash(TrashFixture.T0, 30), state, "c", Side.A, f.store,
                    "INBOX", "INBOX", f.deleteAll());

            assertThat(f.inFolder()).isZero();
            assertThat(f.inTrash()).isEqualTo(2);
            List<DeletionRecord> logged = state.deletions("c", null);
            assertThat(logged).hasSize(2);
            assertThat(logged).extracting(DeletionRecord::identity).containsExactlyInAnyOrder("<m1@x>", "<m2@x>");
            DeletionRecord r = logged.get(0);
            assertThat(r.flags().flags()).containsExactly(Flag.SEEN);
            assertThat(r.flags().keywords()).containsExactly("$Label1");
            assertThat(r.internalDate()).isEqualTo(TrashFixture.T0.minusSeconds(3600));
            assertThat(r.trashKey()).isNotNull();
            assertThat(f.trash.store(f.store).index("INBOX")).extracting(m -> m.key())
                    .containsExactlyInAnyOrderElementsOf(records.stream().map(DeletionRecord::trashKey).toList());
        }
    }

    @Test
    void aKillBetweenTheMoveAndTheLogLosesNothing() throws Exception {
        TrashFixture f = new TrashFixture(dir, "m1", "m2", "m3");
        try (MsinfoRepository real = MsinfoRepository.open(dir.resolve(".msinfo"));
             KilledBeforeTheLog state = new KilledBeforeTheLog(real)) {
            Throwable kill = catchThrowable(() -> TrashMover.trash(f.channelTrash(TrashFixture.T0, 30), state, "c", Side.A,
                    f.store, "INBOX", "INBOX", f.deleteAll()));

            assertThat(kill).isInstanceOf(MsinfoException.class);
            assertThat(f.inFolder() + f.inTrash()).as("every message is somewhere").isEqualTo(3);
            assertThat(f.inTrash()).isEqualTo(3);
            assertThat(real.deletions("c", null)).as("the log claims nothing").isEmpty();
        }
    }

    @Test
    void aKillBetweenTheCopyAndTheRemovalLeavesEveryMessageInBoth() throws Exception {
        // An mbox message is copied into the trash and then removed by rewriting the mbox.
        MboxFormat mbox = new MboxFormat();
        LocalStore killedBeforeDelete = new LocalStore("laptop", dir.resolve("Mail"), List.of(mbox), mbox) {
            @Override
            public void delete(String folder, Collection<String> keys) throws StoreException {
                throw new StoreException("killed");
            }
        };
        TrashFixture f = new TrashFixture(killedBeforeDelete, dir, "m1", "m2");
        try (MsinfoRepository state = MsinfoRepository.open(dir.resolve(".msinfo"))) {
            Throwable kill = catchThrowable(() -> TrashMover.trash(f.channelTrash(TrashFixture.T0, 30), state, "c", Side.A,
                    killedBeforeDelete, "INBOX", "INBOX", f.deleteAll()));

            assertThat(kill).isInstanceOf(StoreException.class);
            assertThat(f.inFolder()).isEqualTo(2);
            assertThat(f.inTrash()).isEqualTo(2);
            assertThat(state.deletions("c", null)).isEmpty();
        }
    }

    @Test
    void aMaildirMessageIsRenamedIntoTheTrashAndAnMboxMessageWrittenThere() throws Exception {
        TrashFixture maildir = new TrashFixture(dir.resolve("a"), "m1");
        // One without keywords too: only such a file can be renamed (keyword letters belong to
        // their folder's dovecot-keywords); m1 has $Label1 and is copied, keeping it.
        maildir.store.append("INBOX", new java.io.ByteArrayInputStream(
                "From: a@example.org\nSubject: m3\nMessage-ID: <m3@x>\n\nbody m3\n".getBytes(StandardCharsets.US_ASCII)),
                java.util.Set.of(org.mailsync.store.Flag.SEEN), TrashFixture.T0);
        String file;
        try (var files = Files.list(dir.resolve("a/Mail/INBOX/cur"))) {
            file = files.filter(f -> !f.getFileName().toString().matches(".*:2,[A-Z]*[a-z].*")).findFirst().orElseThrow()
                    .getFileName().toString();
        }
        TrashFixture mbox = new TrashFixture(dir.resolve("b"), new MboxFormat(), "m2");
        try (MsinfoRepository state = MsinfoRepository.open(dir.resolve(".msinfo"))) {
            TrashMover.trash(maildir.channelTrash(TrashFixture.T0, 30), state, "c", Side.A, maildir.store, "INBOX", "INBOX",
                    maildir.deleteAll());
            TrashMover.trash(mbox.channelTrash(TrashFixture.T0, 30), state, "c", Side.A, mbox.store, "INBOX", "INBOX",
                    mbox.deleteAll());

            assertThat(maildir.trash.dir().resolve("INBOX/cur").resolve(file)).as("the same file, renamed").exists();
            assertThat(maildir.trash.store(maildir.store).index("INBOX")).hasSize(2)
                    .anySatisfy(m -> assertThat(m.keywords()).containsExactly("$Label1"));
            assertThat(maildir.inFolder()).isZero();
            assertThat(mbox.inFolder()).isZero();
            assertThat(mbox.inTrash()).isEqualTo(1);
            assertThat(state.deletions("c", null)).as("the last run's").hasSize(1);
            assertThat(state.deletions("c", java.time.Instant.EPOCH)).as("both runs' (m1 and m3, then m2)").hasSize(3);
        }
    }

    /** A state whose process dies just before it writes the deletion log. */
    private static final class KilledBeforeTheLog implements org.mailsync.msinfo.SyncState {
        private final MsinfoRepository real;

        KilledBeforeTheLog(MsinfoRepository real) {
            this.real = real;
        }

        @Override
        public void logDeletions(Collection<DeletionRecord> records) throws MsinfoException {
            throw new MsinfoException("killed");
        }

        @Override
        public String location() {
            return real.location();
        }

        @Override
        public java.util.Set<String> boxnames(String channel) throws MsinfoException {
            return real.boxnames(channel);
        }

        @Override
        public java.util.Set<String> load(String channel, String boxname) throws MsinfoException {
            return real.load(channel, boxname);
        }

        @Override
        public void replace(String channel, String boxname, Collection<String> identities) throws MsinfoException {
            real.replace(channel, boxname, identities);
        }

        @Override
        public void replaceChannel(String channel, java.util.Map<String, ? extends Collection<String>> folders)
                throws MsinfoException {
            real.replaceChannel(channel, folders);
        }

        @Override
        public void forget(String channel, String boxname) throws MsinfoException {
            real.forget(channel, boxname);
        }

        @Override
        public void close() {
        }
    }
}
