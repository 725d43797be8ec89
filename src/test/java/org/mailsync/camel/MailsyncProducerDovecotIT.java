package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.mailsync.testkit.MailFolders.identity;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.report.ActionReport;
import org.mailsync.report.FolderReport;
import org.mailsync.report.RunReport;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.DovecotServer;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.testkit.MailFolders;

/**
 * The {@code mailsync:} producer against a real Dovecot (see {@link DovecotServer}): a local
 * Maildir store and an IMAP store ({@code /notls}, password in the config) in a channel. A
 * sync copies both ways and creates the folder the server lacks, as the server itself then
 * shows; a second sync plans nothing; diff reports the server's new mail since the sync; list
 * reports the server's folders. One fresh IMAP user per test.
 */
class MailsyncProducerDovecotIT extends RouteSetTestSupport {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private String user;

    @Override
    void writeConfig() throws Exception {
        mail = home.resolve("Mail");
        user = DOVECOT.newUser();
        DOVECOT.channelConfig(user).channel("office").writeTo(home.resolve(CONFIG));
    }

    @Test
    void syncCopiesBothWaysWithTheServer() throws Exception {
        maildir(mail.resolve("inbox"), "a1", "a2");
        maildir(mail.resolve("work"), "w1");
        serverAppend("INBOX", "b1");

        Exchange reply = request(uri("office", ""), Map.of());

        assertThat(reply.getException()).isNull();
        RunReport report = reply.getMessage().getBody(RunReport.class);
        assertThat(report.exitCode()).as("%s", report).isZero();
        assertThat(report.stores()).containsExactly("local", "remote");
        assertThat(report.copied()).isEqualTo(4);
        assertThat(reply.getMessage().getHeaders()).containsEntry(MailsyncConstants.COPIED, 4)
                .containsEntry(MailsyncConstants.EXIT_CODE, 0);
        assertThat(report.folders()).extracting(FolderReport::boxname, FolderReport::copiedAToB, FolderReport::copiedBToA)
                .containsExactlyInAnyOrder(tuple("INBOX", 2, 1), tuple("work", 1, 0));
        assertThat(report.actions()).contains(new ActionReport("work", "CREATE_FOLDER", "remote", null),
                new ActionReport("INBOX", "COPY", "remote", identity("b1")));
        assertThat(report.toString()).doesNotContain(DOVECOT.password());
        // what the server holds, seen with a connection of the test's own
        assertThat(serverFolders()).containsExactlyInAnyOrder("INBOX", "work");
        assertThat(serverIds("INBOX")).containsExactly("a1", "a2", "b1");
        assertThat(serverIds("work")).containsExactly("w1");
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "a2", "b1");

        RunReport again = report(uri("office", ""));
        assertThat(again.exitCode()).isZero();
        assertThat(again.copied()).isZero();
        assertThat(again.deleted()).isZero();
        assertThat(again.actions()).isEmpty();
        assertThat(serverIds("INBOX")).containsExactly("a1", "a2", "b1");
    }

    @Test
    void diffAndListSeeTheServer() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        maildir(mail.resolve("work"), "w1");
        assertThat(report(uri("office", "")).copied()).isEqualTo(2);
        serverAppend("INBOX", "b1", "b2");

        RunReport diff = report(uri("office", "operation=diff&store=remote"));

        assertThat(diff.operation()).isEqualTo("diff");
        assertThat(diff.stores()).containsExactly("remote");
        assertThat(diff.folders()).extracting(FolderReport::boxname, FolderReport::added, FolderReport::deleted,
                FolderReport::messages).containsExactlyInAnyOrder(tuple("INBOX", 2, 0, 3), tuple("work", 0, 0, 1));
        assertThat(serverIds("INBOX")).as("diff copies nothing").containsExactly("a1", "b1", "b2");
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1");

        RunReport list = report(uri("remote", "operation=list&showMessages=true"));

        assertThat(list.operation()).isEqualTo("list");
        assertThat(list.folders()).extracting(FolderReport::boxname, FolderReport::messages)
                .containsExactlyInAnyOrder(tuple("INBOX", 3), tuple("work", 1));
    }

    // ------------------------------------------------------------------ the server, seen directly

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "check");
    }

    private List<String> serverFolders() throws Exception {
        try (ImapStore s = server()) {
            List<String> names = new ArrayList<>();
            for (FolderInfo f : s.listFolders("*")) {
                names.add(f.name());
            }
            return names;
        }
    }

    private List<String> serverIds(String folder) throws Exception {
        try (ImapStore s = server()) {
            List<String> ids = new ArrayList<>();
            for (MessageMeta m : s.index(folder)) {
                ids.addAll(MailFolders.idsIn(new String(m.header(), StandardCharsets.ISO_8859_1)));
            }
            ids.sort(null);
            return ids;
        }
    }

    private void serverAppend(String folder, String... ids) throws Exception {
        try (ImapStore s = server()) {
            if (!s.exists(folder)) {
                s.createFolder(folder);
            }
            for (String id : ids) {
                s.append(folder, new ByteArrayInputStream(MailFolders.message(id).getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }
        }
    }
}
