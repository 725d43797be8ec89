package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * End to end against a real Dovecot: flags and keywords changed on either side after a sync
 * reach the other side on the next one (three-way flag sync, SEMANTICS.md), changes of
 * different flags on both sides are merged, no message is copied or deleted for it, and
 * {@code flags off} keeps the original's behaviour (flags copied once, never synced).
 */
class FlagSyncIT extends DovecotChannelTestBase {

    @BeforeEach
    void localInbox() throws Exception {
        maildir(home.resolve("Mail/INBOX"), "i1", "i2", "i3");
    }

    @Test
    void seenAndFlaggedSetLocallyReachTheServer() throws Exception {
        syncTwice();
        change(local(), "i1", new FlagChange(Set.of(Flag.FLAGGED), Set.of(Flag.SEEN), Set.of(), Set.of()));

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (ImapStore server = server()) {
            assertThat(meta(server, "i1").flags()).containsExactly(Flag.FLAGGED);
            assertThat(meta(server, "i2").flags()).containsExactly(Flag.SEEN);
            assertThat(server.index("INBOX")).hasSize(3);
        }
    }

    @Test
    void flagsAndKeywordsSetOnTheServerByAnotherClientReachTheMaildir() throws Exception {
        syncTwice();
        try (ImapStore server = server()) {
            change(server, "i2", new FlagChange(Set.of(Flag.FLAGGED, Flag.ANSWERED), Set.of(), Set.of("$Forwarded", "$Label1"),
                    Set.of()));
        }

        CliRun run = CliRun.run(home, "-m", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        MessageMeta i2 = meta(local(), "i2");
        assertThat(i2.flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED, Flag.ANSWERED);
        assertThat(i2.keywords()).containsExactlyInAnyOrder("$Forwarded", "$Label1");
        assertThat(run.out()).doesNotContain("copied").doesNotContain("deleted");
    }

    @Test
    void keywordsSetLocallyReachTheServerAndRemovingThemOnTheServerComesBack() throws Exception {
        syncTwice();
        change(local(), "i3", new FlagChange(Set.of(), Set.of(), Set.of("$Junk"), Set.of()));
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        try (ImapStore server = server()) {
            assertThat(meta(server, "i3").keywords()).containsExactly("$Junk");
            change(server, "i3", new FlagChange(Set.of(), Set.of(), Set.of("$NotJunk"), Set.of("$Junk")));
        }

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(meta(local(), "i3").keywords()).containsExactly("$NotJunk");
    }

    @Test
    void differentFlagsChangedOnBothSidesAreMergedOntoBoth() throws Exception {
        syncTwice();
        change(local(), "i1", new FlagChange(Set.of(Flag.FLAGGED), Set.of(), Set.of(), Set.of()));
        try (ImapStore server = server()) {
            change(server, "i1", new FlagChange(Set.of(Flag.ANSWERED), Set.of(Flag.SEEN), Set.of("$Label2"), Set.of()));
        }

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        try (ImapStore server = server()) {
            assertThat(meta(server, "i1").flags()).containsExactlyInAnyOrder(Flag.FLAGGED, Flag.ANSWERED);
            assertThat(meta(server, "i1").keywords()).containsExactly("$Label2");
        }
        assertThat(meta(local(), "i1").flags()).containsExactlyInAnyOrder(Flag.FLAGGED, Flag.ANSWERED);
        assertThat(meta(local(), "i1").keywords()).containsExactly("$Label2");
        CliRun again = CliRun.run(home, "-m", "sync");
        assertThat(again.out()).as("converged: nothing left to change").doesNotContain("flags");
    }

    @Test
    void withFlagsOffAFlagChangedAfterTheFirstCopyIsNotSynced() throws Exception {
        DOVECOT.channelConfig(user).channelOption("flags off").writeTo(home.resolve(".mailsync"));
        syncTwice();
        change(local(), "i1", new FlagChange(Set.of(Flag.FLAGGED), Set.of(), Set.of(), Set.of()));

        assertThat(CliRun.run(home, "sync").exitCode()).isZero();

        try (ImapStore server = server()) {
            assertThat(meta(server, "i1").flags()).containsExactly(Flag.SEEN);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The first sync copies; the second has nothing to do. */
    private void syncTwice() throws Exception {
        CliRun first = CliRun.run(home, "sync");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Thread.sleep(100);
        CliRun second = CliRun.run(home, "sync");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Thread.sleep(100);
    }

    private ImapStore server() throws Exception {
        return DOVECOT.store(user, "/notls", "another client");
    }

    private LocalStore local() {
        MaildirFormat maildir = new MaildirFormat();
        return new LocalStore("local", home.resolve("Mail"), List.of(maildir), maildir);
    }

    private static void change(MailStore store, String id, FlagChange change) throws Exception {
        store.changeFlags("INBOX", Map.of(meta(store, id).key(), change));
        Thread.sleep(100); // past the settle time of a renamed Maildir file
    }

    private static MessageMeta meta(MailStore store, String id) throws Exception {
        return MailTree.meta(store, "INBOX", id);
    }
}
