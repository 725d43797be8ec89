package org.mailsync.karaf;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.mailsync.report.Console;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console of runs in Karaf: the original's text output a run prints (what
 * {@code mailsync daemon} writes on standard output and error) goes to the log, a line per log
 * entry: results at INFO, errors, warnings and notes at WARN ({@code log:tail} shows them).
 */
public final class LogConsole {

    private static final Logger LOG = LoggerFactory.getLogger("org.mailsync.run");

    private LogConsole() {
    }

    /** A console that logs each line it is given. */
    public static Console create() {
        return new Console(lines(LOG::info), lines(LOG::warn));
    }

    private static PrintStream lines(Consumer<String> sink) {
        return new PrintStream(new LineStream(sink), true, StandardCharsets.UTF_8);
    }

    /** Hands each complete line written to it to a sink. */
    private static final class LineStream extends OutputStream {

        private final Consumer<String> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void close() {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
            line.reset();
            if (!text.isEmpty()) {
                sink.accept(text);
            }
        }
    }
}
