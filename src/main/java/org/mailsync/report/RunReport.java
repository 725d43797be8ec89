package org.mailsync.report;

import java.util.List;

/**
 * The result of one {@code mailsync:} request: what was done, per folder and per action, what
 * failed, and the exit status the CLI would give. It is the body a producer returns and a
 * consumer emits; a plain record of strings, numbers and lists, so a route can
 * {@code marshal: json} it.
 *
 * @param operation      {@code sync}, {@code diff}, {@code list}, {@code check} or {@code undo}
 * @param channel        the channel (null for list)
 * @param stores         the store names involved (A and B for a sync)
 * @param simulated      whether nothing was changed on purpose ({@code dryRun}, diff, list)
 * @param startedAt      when the run started, ISO-8601
 * @param durationMillis how long it took
 * @param exitCode       0 all done, 1 error (nothing or nothing more done), 2 some messages or
 *                       folders skipped or failed
 * @param copied         messages copied, both directions
 * @param deleted        messages deleted, both sides
 * @param failed         actions or folder pairs that failed
 * @param folders        per folder
 * @param actions        every action carried out or reported
 * @param errors         every error line, as printed
 * @param warnings       every warning line, as printed
 * @param issues         every error and warning again, in the order printed, each with a stable
 *                       code ({@link IssueCodes}); added after the fields above, which keep
 *                       their meaning
 * @param findings       {@code check}: every finding of its lines (empty for the other operations)
 */
public record RunReport(String operation, String channel, List<String> stores, boolean simulated, String startedAt,
                        long durationMillis, int exitCode, int copied, int deleted, int failed,
                        List<FolderReport> folders, List<ActionReport> actions, List<String> errors,
                        List<String> warnings, List<IssueReport> issues, List<FindingReport> findings) {

    public RunReport {
        issues = issues == null ? List.of() : issues;
        findings = findings == null ? List.of() : findings;
    }

    /** A report as it was before issues and findings were recorded: both are empty. */
    public RunReport(String operation, String channel, List<String> stores, boolean simulated, String startedAt,
                     long durationMillis, int exitCode, int copied, int deleted, int failed,
                     List<FolderReport> folders, List<ActionReport> actions, List<String> errors,
                     List<String> warnings) {
        this(operation, channel, stores, simulated, startedAt, durationMillis, exitCode, copied, deleted, failed, folders,
                actions, errors, warnings, List.of(), List.of());
    }

    /** {@code ok}, {@code incomplete} or {@code error}, after the exit code. */
    public String status() {
        return switch (exitCode) {
            case SyncReport.OK -> "ok";
            case SyncReport.INCOMPLETE -> "incomplete";
            default -> "error";
        };
    }

    /** A report of a request that failed before anything was done (unknown channel, login refused, ...). */
    public static RunReport failure(String operation, String channel, String startedAt, long durationMillis, String error) {
        return failure(operation, channel, startedAt, durationMillis, IssueCodes.ERROR, error);
    }

    /** A report of a request that failed before anything was done, with the error's code ({@link IssueCodes}). */
    public static RunReport failure(String operation, String channel, String startedAt, long durationMillis, String code,
                                    String error) {
        return new RunReport(operation, channel, List.of(), false, startedAt, durationMillis, SyncReport.ERROR, 0, 0, 0,
                List.of(), List.of(), List.of(error), List.of(),
                List.of(new IssueReport(code, IssueReport.ERROR, null, error)), List.of());
    }
}
