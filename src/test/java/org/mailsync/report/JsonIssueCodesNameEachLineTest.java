package org.mailsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Every error and warning of a report is an issue with a code ({@code --json}): the beans'
 * lines by their stable wording, a line no rule knows by the generic code, and each issue is the
 * line as printed, in order.
 */
class JsonIssueCodesNameEachLineTest {

    @Test
    void linesOfTheBeansGetTheirCodes() {
        assertThat(IssueCodes.ofError("cannot copy message <a@b> from laptop:INBOX to archive:INBOX: disk full"))
                .isEqualTo(IssueCodes.MESSAGE_FAILED);
        assertThat(IssueCodes.ofError("cannot delete 2 messages in laptop:INBOX: gone; the rest of folder \"INBOX\" is left"
                + " for the next run")).isEqualTo(IssueCodes.FOLDER_FAILED);
        assertThat(IssueCodes.ofError("cannot create folder archive:new: read-only")).isEqualTo(IssueCodes.FOLDER_ACTION_FAILED);
        assertThat(IssueCodes.ofError("INBOX: <a@b> cannot be restored on laptop: gone")).isEqualTo(IssueCodes.RESTORE_FAILED);
        assertThat(IssueCodes.ofError("something new")).isEqualTo(IssueCodes.ERROR);
        assertThat(IssueCodes.ofError("folder \"INBOX\": the server went away")).isEqualTo(IssueCodes.FOLDER_FAILED);
        assertThat(IssueCodes.ofError("folder \"INBOX\": message 12 cannot be read")).isEqualTo(IssueCodes.MESSAGE_FAILED);
        assertThat(IssueCodes.ofWarning("the trash could not be purged of deletions older than 30 days"))
                .isEqualTo(IssueCodes.TRASH_PURGE_FAILED);
        assertThat(IssueCodes.ofWarning("a route on direct:copied failed (boom)")).isEqualTo(IssueCodes.ROUTE_FAILED);
        assertThat(IssueCodes.ofWarning("the server takes 2 connections")).isEqualTo(IssueCodes.WARNING);
    }

    @Test
    void aReportKeepsItsLinesAndAddsTheirIssuesInOrder() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SyncReport report = new SyncReport(new Console(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8)), false, false);

        report.warning("the trash could not be purged of deletions older than 30 days: no");
        report.error("cannot copy message <a@b> from laptop:INBOX to archive:INBOX: disk full");
        report.warning(IssueCodes.DELETIONS_HELD, "INBOX", "folder \"INBOX\": 30 of 40 synced messages were deleted");

        RunReport run = report.toRunReport();
        assertThat(run.warnings()).hasSize(2);
        assertThat(run.errors()).hasSize(1);
        assertThat(run.issues()).extracting(IssueReport::code).containsExactly(IssueCodes.TRASH_PURGE_FAILED,
                IssueCodes.MESSAGE_FAILED, IssueCodes.DELETIONS_HELD);
        assertThat(run.issues()).extracting(IssueReport::severity).containsExactly("warning", "error", "warning");
        assertThat(run.issues().get(2).boxname()).isEqualTo("INBOX");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "Warning: the trash could not be purged of deletions older than 30 days: no\n"
                        + "Error: cannot copy message <a@b> from laptop:INBOX to archive:INBOX: disk full\n"
                        + "Warning: folder \"INBOX\": 30 of 40 synced messages were deleted\n");
    }

    @Test
    void quietErrorStreamPassesOnlyErrorLines() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console quiet = Console.quiet(new PrintStream(err, true, StandardCharsets.UTF_8));

        quiet.out().println("INBOX: ");
        quiet.err().println("Warning: something");
        quiet.err().println("Note: something else");
        quiet.err().print("Error: half ");
        quiet.err().println("a line");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Error: half a line\n");
    }
}
