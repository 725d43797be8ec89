package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Which lock file contents name an owner mailsync may judge, and how it judges it. */
class LockOwnerFormatsTest {

    private static final LockOwner SELF = LockOwner.current();

    @Test
    void oursIsReadBackAsWritten() {
        assertThat(LockOwner.parse(SELF.fileContent())).contains(SELF);
        assertThat(LockOwner.parse("4242 mail.example.org 2024-05-01T10:00:00Z 4026531836\n"))
                .contains(new LockOwner(4242, "mail.example.org", Instant.parse("2024-05-01T10:00:00Z"), "4026531836"));
        assertThat(LockOwner.parse("4242 mail.example.org 2024-05-01T10:00:00Z\n"))
                .contains(new LockOwner(4242, "mail.example.org", Instant.parse("2024-05-01T10:00:00Z"), null));
    }

    @Test
    void dovecotsPidColonHostIsAnOwnerWithoutStartTime() {
        LockOwner dovecot = new LockOwner(4242, "mail.example.org", null, SELF.pidNamespace());
        assertThat(LockOwner.parse("4242:mail.example.org")).contains(dovecot);
        assertThat(LockOwner.parse("4242:mail.example.org\n")).contains(dovecot);
    }

    @Test
    void emptyLocksAndBarePidsNameNoOwnerWeCouldCheck() {
        assertThat(LockOwner.parse("")).isEmpty(); // c-client, procmail, mutt
        assertThat(LockOwner.parse("4242\n")).isEmpty(); // liblockfile -p: no host, may be another NFS client's
        assertThat(LockOwner.parse("0 host 2024-05-01T10:00:00Z")).isEmpty();
        assertThat(LockOwner.parse("\u0001\u0002\u0000\u0000")).isEmpty(); // a binary pid
    }

    @Test
    void thisProcessRuns() {
        assertThat(SELF.state()).isEqualTo(LockOwner.State.RUNNING);
    }

    @Test
    void aDeadPidOnThisHostIsGone() throws Exception {
        assertThat(new LockOwner(DeadProcess.pid(), SELF.host(), null, SELF.pidNamespace()).state())
                .isEqualTo(LockOwner.State.GONE);
    }

    @Test
    void aPidNowUsedByAProcessStartedLaterIsGone() {
        LockOwner before = new LockOwner(SELF.pid(), SELF.host(), SELF.start().minusSeconds(86_400), SELF.pidNamespace());
        assertThat(before.state()).isEqualTo(LockOwner.State.GONE);
    }

    @Test
    void anOwnerOnAnotherHostCannotBeJudged() throws Exception {
        assertThat(new LockOwner(DeadProcess.pid(), "elsewhere.example.org", null, SELF.pidNamespace()).state())
                .isEqualTo(LockOwner.State.UNKNOWN);
    }

    @Test
    void anOwnerInAnotherPidNamespaceCannotBeJudged() throws Exception {
        // A container on the host's network: the host's name, pids of its own.
        assertThat(new LockOwner(DeadProcess.pid(), SELF.host(), null, "1").state()).isEqualTo(LockOwner.State.UNKNOWN);
    }
}
