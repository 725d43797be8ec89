package org.mailsync.report;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where a run prints the original mailsync's text output: the CLI's standard output and error,
 * or nowhere for a run whose only result is its {@link RunReport} (a user's route, the daemon).
 * It also carries the run's {@link Progress} listener (none but for a CLI run on a terminal).
 *
 * @param out      results
 * @param err      errors, warnings and notes
 * @param progress told about each folder pair's copies ({@link Progress#NONE} for no display)
 */
public record Console(PrintStream out, PrintStream err, Progress progress) {

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    public Console {
        progress = progress == null ? Progress.NONE : progress;
    }

    /** A console without progress display. */
    public Console(PrintStream out, PrintStream err) {
        this(out, err, Progress.NONE);
    }

    /** A console that prints nothing. */
    public static Console silent() {
        return new Console(NOWHERE, NOWHERE);
    }

    /** The process's standard output and error. */
    public static Console system() {
        return new Console(System.out, System.err);
    }

    /**
     * {@code -q}: nothing on standard output, and of standard error only the {@code Error:}
     * lines (warnings and notes are dropped), so that a quiet run says only what went wrong.
     */
    public static Console quiet(PrintStream err) {
        return new Console(NOWHERE, new PrintStream(new ErrorLinesOnly(err), true), Progress.NONE);
    }

    /** A stream that drops everything (for a {@code --json} run's standard output). */
    public static PrintStream nowhere() {
        return NOWHERE;
    }

    /** This console with another progress listener. */
    public Console withProgress(Progress listener) {
        return new Console(out, err, listener);
    }
}
