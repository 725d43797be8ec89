package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.job.MigrateJob;
import org.mailsync.job.StoreSide;
import org.mailsync.migrate.MigrateState;
import org.mailsync.migrate.ReadOnlyStore;
import org.mailsync.report.Console;
import org.mailsync.report.RunReport;
import org.mailsync.report.SyncReport;
import org.mailsync.runtime.MailsyncRuntime;
import org.mailsync.store.Flag;
import org.mailsync.store.MessageRejectedException;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * One message the target refuses, or one folder that cannot be made in the target, is
 * reported and skipped; everything else is migrated and verified, and the exit status is 2.
 * The next run copies what was skipped once the cause is gone.
 */
class MigrateSkipsOnlyWhatFailsTest {

    @TempDir
    Path home;

    @Test
    void aRefusedMessageIsReportedAndTheRestOfItsFolderCopied() throws Exception {
        Path mail = source();
        Path maildir = home.resolve("Maildir");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunReport report;
        try (MailsyncRuntime runtime = MailsyncRuntime.start(null, home, new MailsyncConfiguration());
             MigrateState state = MigrateState.open(home.resolve("state.db"))) {
            List<byte[]> inbox = MigrateCorpus.messages(MigrateCorpus.HTTPD);
            List<byte[]> refused = List.of(inbox.get(4), inbox.get(inbox.size() - 1)); // the last one too
            MigrateJob job = new MigrateJob(
                    new StoreSide("mail", new ReadOnlyStore(MigrateMboxToMaildirTest.mbox(mail)), "*", ""),
                    new StoreSide("maildir", new Refusing(maildir, refused), "*", ""), state, false,
                    new SyncReport(new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8)), false, false));
            ProducerTemplate template = runtime.context().createProducerTemplate();
            Exchange done = template.send("direct:migrate", e -> e.getMessage().setBody(job));
            assertThat(done.getException()).isNull();
            report = done.getMessage().getBody(RunReport.class);
        }

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "INBOX: 10 copied, 0 already there, 2 failed; NOT verified: 10/12, 2 missing in the target",
                "other: 3 copied, 0 already there; verified 3/3");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Error: folder \"INBOX\": message <", "> not copied: refused");

        CliRun rerun = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("INBOX: 2 copied, 10 already there; verified 12/12");
    }

    @Test
    void aFolderTheTargetCannotHoldIsReportedAndTheOthersMigrated() throws Exception {
        Path mail = source();
        try (LocalStore source = MigrateMboxToMaildirTest.mbox(mail)) {
            MigrateCorpus.fill(source, "spam/maven", MigrateCorpus.messages(MigrateCorpus.MAVEN)); // the last folder
        }
        Path maildir = Files.createDirectories(home.resolve("Maildir"));
        Files.writeString(maildir.resolve("spam"), "a file where the folder's parent would go");

        CliRun run = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Error: folder \"spam/maven\" skipped: ");
        assertThat(run.out()).contains("INBOX: 12 copied, 0 already there; verified 12/12",
                "other: 3 copied, 0 already there; verified 3/3", "Migrated 3 folders: 15 messages copied;"
                        + " 1 of 3 folders not verified complete, see the errors above.");

        Files.delete(maildir.resolve("spam"));
        CliRun rerun = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + maildir);

        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("spam/maven: 10 copied, 0 already there; verified 10/10",
                "INBOX: 0 copied, 12 already there; verified 12/12");
    }

    @Test
    void anMboxFolderThatReadingWouldTidyIsSkippedNotTidied() throws Exception {
        Path mail = source();
        // what an append killed half-way leaves beside the mbox file: its journal
        Files.writeString(mail.resolve(".INBOX.mailsync-append"), "");
        java.util.Map<String, String> before = org.mailsync.testkit.MailFolders.snapshot(mail);

        CliRun run = CliRun.run(home, "migrate", "mbox:" + mail, "maildir:" + home.resolve("Maildir"));

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Error: folder \"INBOX\" skipped: mbox folder INBOX of the read-only source is not"
                + " read: an append to it is in progress or was cut short (.INBOX.mailsync-append)");
        assertThat(run.out()).contains("other: 3 copied, 0 already there; verified 3/3");
        assertThat(org.mailsync.testkit.MailFolders.snapshot(mail)).isEqualTo(before);
    }

    private Path source() throws Exception {
        Path mail = Files.createDirectories(home.resolve("Mail"));
        try (LocalStore source = MigrateMboxToMaildirTest.mbox(mail)) {
            MigrateCorpus.fill(source, "INBOX", MigrateCorpus.messages(MigrateCorpus.HTTPD));
            MigrateCorpus.fill(source, "other", MigrateCorpus.messages(MigrateCorpus.NEXUS));
        }
        return mail;
    }

    /** A Maildir store that refuses one message, as a server refuses a message it finds malformed. */
    private static final class Refusing extends LocalStore {
        private final List<byte[]> refused;

        Refusing(Path root, List<byte[]> refused) {
            super("maildir", root, List.of(new MaildirFormat()), new MaildirFormat());
            this.refused = refused;
        }

        @Override
        public String append(String folder, InputStream message, Set<Flag> flags, Set<String> keywords, Instant date)
                throws StoreException {
            byte[] bytes;
            try {
                bytes = message.readAllBytes();
            } catch (IOException e) {
                throw new StoreException(e.getMessage(), e);
            }
            if (refused.stream().anyMatch(r -> java.util.Arrays.equals(bytes, r))) {
                throw new MessageRejectedException("refused by the test's store", null);
            }
            return super.append(folder, new ByteArrayInputStream(bytes), flags, keywords, date);
        }
    }
}
