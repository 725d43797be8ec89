package org.mailsync.cli.terminal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transient status lines (the progress bars) below everything else a run prints on a terminal.
 * The run's standard output and error go through {@link #around}, which takes the lines away
 * before a line of output and draws them again after it: so the original's text comes out
 * whole, in its shape, and the bars always stay the last lines on the screen. A line is
 * {@linkplain #remove removed} when its folder pair ends, so nothing of them stays behind.
 *
 * <p>Drawing: each status line ends with a newline, so the cursor rests at the start of the line
 * below them; erasing moves up as many lines and clears to the end of the screen (VT100
 * {@code ESC[nA}, {@code ESC[J}, understood by every terminal but a dumb one).
 */
public final class StatusLines {

    private final PrintStream terminal;
    private final int width;
    private final Map<String, String> lines = new LinkedHashMap<>();
    /** Status lines on the screen now. */
    private int drawn;
    /** A line of other output has begun and not ended: nothing is drawn below it until it ends. */
    private boolean midLine;

    /**
     * @param terminal where the lines are drawn (standard error)
     * @param width    the terminal's width: a longer line would wrap, and erasing would miss a row
     */
    public StatusLines(PrintStream terminal, int width) {
        this.terminal = terminal;
        this.width = width;
    }

    /** Shows or replaces the line of {@code key}. */
    public synchronized void show(String key, String text) {
        lines.put(key, fit(text));
        redraw();
    }

    /** Removes the line of {@code key} (nothing if it has none). */
    public synchronized void remove(String key) {
        if (lines.remove(key) != null) {
            redraw();
        }
    }

    /** Removes every line (the end of the run). */
    public synchronized void clear() {
        erase();
        lines.clear();
        terminal.flush();
    }

    /** {@code target}, printing through these lines: they make way for each line of it. */
    public PrintStream around(PrintStream target) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (StatusLines.this) {
                    if (len == 0) {
                        return;
                    }
                    erase();
                    target.write(b, off, len);
                    target.flush();
                    midLine = b[off + len - 1] != '\n';
                    draw();
                }
            }

            @Override
            public void flush() {
                target.flush();
            }
        }, true, Charset.defaultCharset()); // as System.out and System.err encode
    }

    private void redraw() {
        erase();
        draw();
    }

    private void erase() {
        if (drawn > 0) {
            terminal.print("\033[" + drawn + "A\r\033[J");
            drawn = 0;
        }
    }

    private void draw() {
        if (midLine || lines.isEmpty()) {
            terminal.flush();
            return;
        }
        StringBuilder b = new StringBuilder();
        for (String line : lines.values()) {
            b.append('\r').append(line).append("\033[K\n");
        }
        terminal.print(b);
        terminal.flush();
        drawn = lines.size();
    }

    private String fit(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() < width ? oneLine : oneLine.substring(0, Math.max(0, width - 1));
    }
}
