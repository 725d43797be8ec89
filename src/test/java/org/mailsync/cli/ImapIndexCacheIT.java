package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.ImapStore;

/**
 * End to end against a real Dovecot, the index cache makes a steady-state sync cost what
 * changed: after a sync, a run with nothing to do sends one STATUS per server folder and
 * nothing else about them (no EXAMINE, no FETCH), and mail another client adds and expunges
 * on the server between runs is synced while only the new message's header is fetched.
 */
class ImapIndexCacheIT extends DovecotChannelTestBase {

    @BeforeEach
    void localFolders() throws Exception {
        maildir(home.resolve("Mail/INBOX"), "i1", "i2", "i3");
        maildir(home.resolve("Mail/work"), "w1", "w2");
    }

    @AfterEach
    void quietAgain() {
        Configurator.setLevel("org.mailsync", Level.ERROR);
    }

    @Test
    void aSyncWithNothingToDoCostsOneStatusPerServerFolder() throws Exception {
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        Thread.sleep(100); // past the settle time of the files the first run wrote
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();

        CliRun noop = CliRun.run(home, "-di", "sync");

        assertThat(noop.exitCode()).as(noop.toString()).isZero();
        List<String> commands = CliRun.imapCommands(noop.log());
        assertThat(commands).as(noop.log()).filteredOn(c -> c.startsWith("STATUS ")).hasSize(2);
        assertThat(commands).as(noop.log())
                .noneMatch(c -> c.startsWith("EXAMINE") || c.startsWith("SELECT") || c.contains("FETCH") || c.startsWith("SEARCH")
                        || c.startsWith("UID SEARCH") || c.startsWith("NOOP"));
    }

    @Test
    void mailAddedAndExpungedOnTheServerBetweenRunsIsSyncedFetchingOnlyTheNewHeader() throws Exception {
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        Thread.sleep(100);
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        try (ImapStore other = DOVECOT.store(user, "/notls", "other client")) {
            other.append("work", new ByteArrayInputStream(MailTree.message("w3", "subject w3").getBytes(StandardCharsets.ISO_8859_1)),
                    Set.of(), null);
            for (MessageMeta m : other.index("INBOX")) {
                if (MailTree.idOf(m).equals("i2")) {
                    other.delete("INBOX", List.of(m.key()));
                }
            }
        }

        CliRun run = CliRun.run(home, "-di", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(maildirIds(home.resolve("Mail/work"))).containsExactly("w1", "w2", "w3");
        assertThat(maildirIds(home.resolve("Mail/INBOX"))).containsExactly("i1", "i3");
        List<String> headerFetches = CliRun.imapCommands(run.log()).stream().filter(c -> c.contains("BODY.PEEK[HEADER")).toList();
        // the new message's header, fetched by its UID alone; never a 1:* header fetch
        assertThat(headerFetches).as(run.log()).isNotEmpty().noneMatch(c -> c.contains("1:*"));
    }

    @Test
    void aFlagSetOnTheServerByAnotherClientIsNoticedThoughThePairHadSettled() throws Exception {
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        Thread.sleep(100);
        assertThat(CliRun.run(home, "sync").exitCode()).isZero(); // plans nothing: settles both pairs
        try (ImapStore other = DOVECOT.store(user, "/notls", "other client")) {
            String key = other.index("INBOX").get(0).key();
            other.changeFlags("INBOX", Map.of(key, new FlagChange(Set.of(Flag.FLAGGED), Set.of(), Set.of(), Set.of())));
        }

        CliRun run = CliRun.run(home, "-di", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> commands = CliRun.imapCommands(run.log());
        // HIGHESTMODSEQ moved: INBOX is indexed again (QRESYNC brings the changed flags with
        // its EXAMINE); work stays settled: its STATUS and nothing else
        assertThat(commands).as(run.log()).anyMatch(c -> c.startsWith("EXAMINE INBOX"));
        assertThat(commands).as(run.log()).filteredOn(c -> c.contains("work")).hasSize(1)
                .allMatch(c -> c.startsWith("STATUS work"));
    }
}
