package org.mailsync.report;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where a run prints the original mailsync's text output: the CLI's standard output and error,
 * or nowhere for a run whose only result is its {@link RunReport} (a user's route, the daemon).
 *
 * @param out results
 * @param err errors, warnings and notes
 */
public record Console(PrintStream out, PrintStream err) {

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** A console that prints nothing. */
    public static Console silent() {
        return new Console(NOWHERE, NOWHERE);
    }

    /** The process's standard output and error. */
    public static Console system() {
        return new Console(System.out, System.err);
    }
}
