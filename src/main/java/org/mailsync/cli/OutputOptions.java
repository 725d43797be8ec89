package org.mailsync.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import org.mailsync.cli.terminal.StderrTerminal;
import org.mailsync.cli.terminal.TerminalProgress;
import org.mailsync.report.Console;
import org.mailsync.report.ReportJson;
import org.mailsync.report.RunReport;
import org.mailsync.report.SyncReport;

import picocli.CommandLine.Option;

/**
 * How a command shows its run, shared by every command as a picocli mixin
 * ({@code @Mixin OutputOptions output}): {@code --json} (one JSON document of the run's
 * {@link RunReport} on standard output, docs/JSON.md), {@code -q} (nothing but errors), and by
 * default the original's text with a progress bar per folder pair while standard error is a
 * terminal.
 *
 * <p>A command takes its run's console from {@link #console}, ends with {@link #finish} (the
 * report's exit code) and turns a failure before or outside the run into
 * {@link #failure} (exit 1): so that with {@code --json} every outcome is exactly one document.
 */
public final class OutputOptions {

    @Option(names = "--json", description = "print the run's report as one JSON document on standard output and nothing"
            + " else there (schema mailsync-report/1, docs/JSON.md); errors and warnings still go to standard error")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (the exit status is the same)")
    boolean quiet;

    private final Instant started = Instant.now();
    private TerminalProgress progress;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** Whether {@code -q} was given. */
    public boolean quiet() {
        return quiet;
    }

    /**
     * The run's console: the original's text on {@code out} and {@code err}; with {@code -q}
     * only the errors on {@code err}; with {@code --json} nothing on {@code out} (it is the
     * document's); and a progress bar per folder pair when {@code err} is a terminal and
     * neither option is given.
     */
    public Console console(PrintStream out, PrintStream err) {
        if (quiet) {
            return Console.quiet(err);
        }
        if (json) {
            return new Console(Console.nowhere(), err);
        }
        if (StderrTerminal.is(err)) {
            progress = new TerminalProgress(err);
            return progress.console(out, err);
        }
        return new Console(out, err);
    }

    /**
     * The end of a run: with {@code --json} its document on {@code out}.
     *
     * @return the run's exit code
     */
    public int finish(RunReport report, PrintStream out) {
        endProgress();
        if (json) {
            ReportJson.print(report, out);
        }
        return report.exitCode();
    }

    /**
     * A failure that stopped the command (exit 1): its {@code Error:} line on {@code err}, and
     * with {@code --json} a document of status {@code error} with the line and its code.
     *
     * @param operation what was asked ({@code sync}, {@code list}, ...), null when the command
     *                  line could not tell yet
     * @param channel   the channel (or store) it was asked of, null when none
     * @param cause     the failure (its type gives the code, see {@link FailureCode})
     * @param text      the error as printed, without {@code Error:}
     */
    public int failure(String operation, String channel, Throwable cause, String text, PrintStream out, PrintStream err) {
        return failure(operation, channel, FailureCode.of(cause), text, out, err);
    }

    /**
     * A failure the command found itself, without an exception (e.g. options that exclude each
     * other): as {@link #failure(String, String, Throwable, String, PrintStream, PrintStream)}
     * with its code given ({@link org.mailsync.report.IssueCodes}, e.g. {@code USAGE}).
     */
    public int failure(String operation, String channel, String code, String text, PrintStream out, PrintStream err) {
        endProgress();
        err.println("Error: " + text);
        if (json) {
            ReportJson.print(RunReport.failure(operation, channel, started.toString(),
                    Duration.between(started, Instant.now()).toMillis(), code, text), out);
        }
        return SyncReport.ERROR;
    }

    private void endProgress() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
