package org.mailsync.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.identity.IdentityMode;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.report.Console;
import org.mailsync.report.RunReport;
import org.mailsync.report.SyncReport;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.store.MailStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;
import org.mailsync.sync.SyncOptions;

/**
 * The real route set from {@code routes/}, loaded without Camel Main: copy and delete actions
 * of a plan reach their steps, in the order the algorithm needs, and msinfo is committed.
 */
class RouteSetTest extends CamelTestSupport {

    @TempDir
    Path dir;

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        // The routes are advised before the test starts the context itself.
        configuration.withUseAdviceWith(true);
    }

    @Test
    void copiesAndDeletionsReachTheirSteps() throws Exception {
        MailsyncBeans.bindTo(context.getRegistry());
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/mailsync.camel.yaml"));
        AdviceWith.adviceWith(context, "mailsync-copy", a -> a.weaveById("copy-message").after().to("mock:copied"));
        AdviceWith.adviceWith(context, "mailsync-delete", a -> a.weaveById("delete-messages").after().to("mock:deleted"));
        context.start();

        MailStore a = new LocalStore("a", dir.resolve("a"), List.of(new MaildirFormat()), new MaildirFormat());
        MailStore b = new LocalStore("b", dir.resolve("b"), List.of(new MboxFormat()), new MboxFormat());
        a.createFolder("box");
        b.createFolder("box");
        append(a, "<keep@x>");
        append(a, "<gone@x>");
        append(a, "<new-a@x>");
        append(b, "<keep@x>");
        append(b, "<new-b@x>");
        MockEndpoint copied = getMockEndpoint("mock:copied");
        MockEndpoint deleted = getMockEndpoint("mock:deleted");
        copied.expectedMessageCount(2);
        deleted.expectedMessageCount(1);

        RunReport result;
        try (MsinfoRepository msinfo = MsinfoRepository.open(dir.resolve("msinfo.db"))) {
            msinfo.replace("c", "box", Set.of("<keep@x>", "<gone@x>"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SyncReport report = new SyncReport(new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err),
                    false, false);
            SyncJob job = new SyncJob("c", new StoreSide("a", a, "*", ""), new StoreSide("b", b, "*", ""), msinfo,
                    SyncOptions.defaults(), IdentityMode.MSGID, false, report);
            result = template.requestBody("direct:sync", job, RunReport.class);
            assertThat(msinfo.load("c", "box")).containsExactlyInAnyOrder("<keep@x>", "<new-a@x>", "<new-b@x>");
        }

        assertThat(result.exitCode()).isZero();
        assertThat(result.copied()).isEqualTo(2);
        assertThat(result.deleted()).isEqualTo(1);
        copied.assertIsSatisfied();
        deleted.assertIsSatisfied();
        // The copy step's body is the message itself; the action rides along as a property.
        List<SyncAction> copies = copied.getExchanges().stream()
                .map(e -> e.getProperty(MailsyncConstants.ACTION, SyncAction.class)).toList();
        assertThat(copied.getExchanges().get(0).getMessage().getBody(String.class)).contains("Message-ID: <new-a@x>");
        assertThat(copies).extracting(SyncAction::type).containsOnly(ActionType.COPY);
        assertThat(copies).extracting(SyncAction::identity).containsExactly("<new-a@x>", "<new-b@x>");
        assertThat(copies).extracting(SyncAction::side).containsExactly(Side.A, Side.B);
        DeletionBatch batch = deleted.getExchanges().get(0).getMessage().getBody(DeletionBatch.class);
        assertThat(batch.side()).isEqualTo(Side.A);
        assertThat(batch.actions()).extracting(SyncAction::identity).containsExactly("<gone@x>");
        assertThat(a.index("box")).hasSize(3);
        assertThat(b.index("box")).hasSize(3);
    }

    private static void append(MailStore store, String id) throws Exception {
        String text = "From: a@x\nSubject: " + id + "\nMessage-ID: " + id + "\n\nbody\n";
        store.append("box", new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), Set.of(), null);
    }
}
