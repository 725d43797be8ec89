package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.mailsync.testkit.MailFolders.identity;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.mboxIds;
import static org.mailsync.testkit.MailFolders.snapshot;

import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.mailsync.assembly.ChannelLock;
import org.mailsync.report.ActionReport;
import org.mailsync.report.FolderReport;
import org.mailsync.report.RunReport;

/**
 * The {@code mailsync:} producer on local stores (Maildir {@code laptop} and mbox
 * {@code archive}): a sync copies and deletes both ways and its reply (the {@link RunReport}
 * body and the headline headers) says exactly what was done, per folder and per action; a
 * second request plans nothing; diff and list report per folder without changing anything; and
 * the {@code CamelMailsyncOperation} header overrides the endpoint's operation.
 */
class MailsyncProducerTest extends RouteSetTestSupport {

    @Test
    void syncCopiesBothWaysAndTheReplySaysSo() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        mbox(archive.resolve("inbox"), "b1");

        Exchange reply = request(uri("backup", ""), Map.of());

        assertThat(reply.getException()).isNull();
        RunReport report = reply.getMessage().getBody(RunReport.class);
        assertThat(report.operation()).isEqualTo("sync");
        assertThat(report.channel()).isEqualTo("backup");
        assertThat(report.stores()).containsExactly("laptop", "archive");
        assertThat(report.simulated()).isFalse();
        assertThat(report.exitCode()).isZero();
        assertThat(report.status()).isEqualTo("ok");
        assertThat(report.copied()).isEqualTo(4);
        assertThat(report.deleted()).isZero();
        assertThat(report.failed()).isZero();
        assertThat(report.errors()).isEmpty();
        assertThat(reply.getMessage().getHeaders()).containsEntry(MailsyncConstants.EXIT_CODE, 0)
                .containsEntry(MailsyncConstants.CHANNEL, "backup")
                .containsEntry(MailsyncConstants.COPIED, 4)
                .containsEntry(MailsyncConstants.DELETED, 0)
                .containsEntry(MailsyncConstants.FAILED, 0);

        assertThat(report.folders()).extracting(FolderReport::boxname).containsExactlyInAnyOrder("INBOX", "work");
        FolderReport inbox = folder(report, "INBOX");
        assertThat(inbox.copiedAToB()).isEqualTo(2);
        assertThat(inbox.copiedBToA()).isEqualTo(1);
        assertThat(inbox.messages()).isEqualTo(3);
        assertThat(inbox.folderActions()).isEmpty();
        assertThat(inbox.failed()).isFalse();
        FolderReport work = folder(report, "work");
        assertThat(work.copiedAToB()).isEqualTo(1);
        assertThat(work.copiedBToA()).isZero();
        assertThat(work.messages()).isEqualTo(1);
        assertThat(work.folderActions()).containsExactly("created on archive");

        assertThat(report.actions()).containsExactlyInAnyOrder(
                new ActionReport("INBOX", "COPY", "laptop", identity("a1")),
                new ActionReport("INBOX", "COPY", "laptop", identity("a2")),
                new ActionReport("INBOX", "COPY", "archive", identity("b1")),
                new ActionReport("work", "CREATE_FOLDER", "archive", null),
                new ActionReport("work", "COPY", "laptop", identity("w1")));

        // ... and the files say the same, read without the code under test.
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(mboxIds(archive.resolve("inbox"))).containsExactly("a1", "a2", "b1");
        assertThat(mboxIds(archive.resolve("work"))).containsExactly("w1");
        assertThat(home.resolve(".msinfo")).isRegularFile();
    }

    @Test
    void theChannelIsReleasedWhenTheExchangeCompletes() throws Exception {
        maildir(mail.resolve("inbox"), "a1");

        report(uri("backup", ""));

        // The lock file goes as the lock is released (ChannelLock: it is also c-client's dot-lock of
        // the original's msinfo), and the channel can be locked again.
        assertThat(home.resolve(".msinfo.lock")).as("released and removed").doesNotExist();
        try (ChannelLock again = ChannelLock.acquire(home.resolve(".msinfo"))) {
            assertThat(again).as("the channel lock is free again").isNotNull();
        }
    }

    @Test
    void aSecondRequestPlansNothingAndChangesNoMail() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"), "b1");
        assertThat(report(uri("backup", "")).copied()).isEqualTo(3);
        Map<String, String> before = snapshot(home);

        Exchange again = request(uri("backup", ""), Map.of());

        assertThat(again.getException()).isNull();
        RunReport report = again.getMessage().getBody(RunReport.class);
        assertThat(report.exitCode()).isZero();
        assertThat(report.copied()).isZero();
        assertThat(report.deleted()).isZero();
        assertThat(report.actions()).isEmpty();
        assertThat(report.folders()).singleElement().satisfies(f -> {
            assertThat(f.boxname()).isEqualTo("INBOX");
            assertThat(f.copiedAToB() + f.copiedBToA() + f.deletedOnA() + f.deletedOnB()).isZero();
            assertThat(f.messages()).isEqualTo(3);
        });
        assertThat(again.getMessage().getHeaders()).containsEntry(MailsyncConstants.COPIED, 0)
                .containsEntry(MailsyncConstants.DELETED, 0);
        // only the channel's state may have been rewritten
        before.keySet().removeIf(f -> f.startsWith(".msinfo"));
        Map<String, String> after = snapshot(home);
        after.keySet().removeIf(f -> f.startsWith(".msinfo"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aDeletionOnOneSideIsCarriedToTheOtherAndCounted() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        mbox(archive.resolve("inbox"));
        assertThat(report(uri("backup", "")).copied()).isEqualTo(2);
        mbox(archive.resolve("inbox"), "a2"); // a1 deleted on the archive

        Exchange reply = request(uri("backup", ""), Map.of());

        RunReport report = reply.getMessage().getBody(RunReport.class);
        assertThat(report.exitCode()).isZero();
        assertThat(report.copied()).isZero();
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(reply.getMessage().getHeader(MailsyncConstants.DELETED)).isEqualTo(1);
        assertThat(report.actions()).containsExactly(new ActionReport("INBOX", "DELETE", "laptop", identity("a1")));
        assertThat(folder(report, "INBOX").deletedOnA()).isEqualTo(1);
        assertThat(folder(report, "INBOX").messages()).isEqualTo(1);
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a2");
    }

    @Test
    void diffReportsNewAndDeletedMessagesPerFolderOfOneStore() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        mbox(archive.resolve("inbox"));
        report(uri("backup", ""));
        mbox(archive.resolve("inbox"), "a2", "b1", "b2"); // a1 deleted, b1 and b2 new on the archive
        Map<String, String> before = snapshot(home);

        Exchange reply = request(uri("backup", "operation=diff&store=archive"), Map.of());

        assertThat(reply.getException()).isNull();
        RunReport report = reply.getMessage().getBody(RunReport.class);
        assertThat(report.operation()).isEqualTo("diff");
        assertThat(report.channel()).isEqualTo("backup");
        assertThat(report.stores()).containsExactly("archive");
        assertThat(report.simulated()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(report.folders()).extracting(FolderReport::boxname).containsExactlyInAnyOrder("INBOX", "work");
        FolderReport inbox = folder(report, "INBOX");
        assertThat(inbox.added()).isEqualTo(2);
        assertThat(inbox.deleted()).isEqualTo(1);
        assertThat(inbox.messages()).isEqualTo(3);
        FolderReport work = folder(report, "work");
        assertThat(work.added()).isZero();
        assertThat(work.deleted()).isZero();
        assertThat(work.messages()).isEqualTo(1);
        assertThat(snapshot(home)).as("diff changes nothing").isEqualTo(before);

        // The other store has not changed since the sync.
        RunReport laptop = report(uri("backup", "operation=diff&store=laptop"));
        assertThat(laptop.stores()).containsExactly("laptop");
        assertThat(laptop.folders()).allSatisfy(f -> {
            assertThat(f.added()).isZero();
            assertThat(f.deleted()).isZero();
        });
        assertThat(folder(laptop, "INBOX").messages()).isEqualTo(2);
    }

    @Test
    void listReportsTheFoldersOfAStore() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        maildir(mail.resolve("lists"));
        Map<String, String> before = snapshot(home);

        RunReport report = report(uri("laptop", "operation=list&showMessages=true"));

        assertThat(report.operation()).isEqualTo("list");
        assertThat(report.channel()).isNull();
        assertThat(report.stores()).containsExactly("laptop");
        assertThat(report.exitCode()).isZero();
        assertThat(report.folders()).extracting(FolderReport::boxname, FolderReport::messages)
                .containsExactlyInAnyOrder(tuple("INBOX", 2), tuple("work", 1), tuple("lists", 0));
        assertThat(snapshot(home)).as("list changes nothing").isEqualTo(before);
    }

    @Test
    void theOperationHeaderOverridesTheEndpointsOperation() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        mbox(archive.resolve("inbox"), "b1");
        Map<String, String> before = snapshot(home);
        // an endpoint that syncs, with a store for diff requests
        String endpoint = uri("backup", "store=archive");

        Exchange diff = request(endpoint, Map.of(MailsyncConstants.OPERATION, "diff"));

        assertThat(diff.getException()).isNull();
        RunReport diffReport = diff.getMessage().getBody(RunReport.class);
        assertThat(diffReport.operation()).isEqualTo("diff");
        assertThat(folder(diffReport, "INBOX").added()).isEqualTo(1);
        assertThat(snapshot(home)).as("the diff synced nothing").isEqualTo(before);

        RunReport sync = report(endpoint);
        assertThat(sync.operation()).isEqualTo("sync");
        assertThat(sync.copied()).isEqualTo(2);

        // A store's endpoint with the default operation (sync) cannot run; the header makes it list.
        String store = uri("archive", "");
        assertThat(request(store, Map.of()).getException()).hasMessageContaining("is a store, not a channel");
        Exchange listed = request(store, Map.of(MailsyncConstants.OPERATION, "list"));
        assertThat(listed.getException()).isNull();
        RunReport list = listed.getMessage().getBody(RunReport.class);
        assertThat(list.operation()).isEqualTo("list");
        assertThat(list.folders()).extracting(FolderReport::boxname).containsExactly("INBOX");
    }

    private static FolderReport folder(RunReport report, String boxname) {
        return report.folders().stream().filter(f -> boxname.equals(f.boxname())).findFirst()
                .orElseThrow(() -> new AssertionError("no folder " + boxname + " in " + report.folders()));
    }
}
