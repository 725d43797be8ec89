package org.mailsync.cli;

import java.io.PrintStream;
import java.time.Instant;

import org.mailsync.report.IssueCodes;
import org.mailsync.report.ReportJson;
import org.mailsync.report.RunReport;

/**
 * The {@code --json} document of a command line picocli refused (an unknown option, a missing
 * name): status {@code error}, code {@link IssueCodes#USAGE}. The operation is unknown: the
 * command line that would tell it is what failed.
 */
final class UsageFailure {

    private UsageFailure() {
    }

    static void print(picocli.CommandLine.ParameterException e, PrintStream out) {
        ReportJson.print(RunReport.failure(null, null, Instant.now().toString(), 0, IssueCodes.USAGE, e.getMessage()), out);
    }
}
