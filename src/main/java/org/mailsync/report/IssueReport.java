package org.mailsync.report;

/**
 * One error or warning of a run with a stable code, for programs ({@code --json},
 * docs/JSON.md): the same line as in {@link RunReport#errors()} or {@link RunReport#warnings()},
 * in the same order, plus what it is about.
 *
 * @param code     what kind of problem it is, one of {@link IssueCodes}' constants; never
 *                 renamed once published, so scripts can branch on it
 * @param severity {@code error} or {@code warning}
 * @param boxname  the folder pair it is about, or null when the report cannot tell
 * @param message  the line as printed, without its {@code Error:} or {@code Warning:}
 */
public record IssueReport(String code, String severity, String boxname, String message) {

    /** The severity of an error line. */
    public static final String ERROR = "error";
    /** The severity of a warning line. */
    public static final String WARNING = "warning";
}
