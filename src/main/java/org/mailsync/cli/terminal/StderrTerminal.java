package org.mailsync.cli.terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's standard error is a terminal a progress bar may be drawn on.
 * {@link System#console()} cannot tell: it is about standard input and output, and
 * {@code mailsync ... > report.txt} on a terminal still wants its bar while
 * {@code mailsync ... 2> log} does not. On Linux, file descriptor 2 is looked up in
 * {@code /proc/self/fd}: a pseudo-terminal ({@code /dev/pts/N}, as under {@code script},
 * ssh or a terminal emulator) or a console ({@code /dev/ttyN}) is a terminal. Elsewhere the
 * console is the best guess there is. A {@code TERM=dumb} terminal cannot move the cursor, so it
 * gets no bar.
 */
public final class StderrTerminal {

    private StderrTerminal() {
    }

    /** Whether {@code err} is the process's standard error and that is a terminal. */
    public static boolean is(PrintStream err) {
        // An in-process run with streams of its own (tests, embedders) never draws.
        if (err != System.err || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
