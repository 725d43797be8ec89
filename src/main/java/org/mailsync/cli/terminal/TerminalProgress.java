package org.mailsync.cli.terminal;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.text.DecimalFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mailsync.report.Console;
import org.mailsync.report.Progress;

/**
 * A progress bar ({@code me.tongfei:progressbar}) per folder pair that copies something, on a
 * terminal: the boxname, the share done, bytes done of all, the time so far and the ETA, the
 * rate, and messages done of all ({@code INBOX 40% |====    | 410/1024 KiB (0:00:02 / 0:00:03)
 * 205.0 KiB/s 12/30 msg}). Pairs that run at once each have their line ({@link StatusLines}); a
 * pair's bar is drawn when it starts and when it ends, whatever its speed, and every 200 ms
 * between, and goes away when the pair ends. A pair that copies nothing has no bar: it is over in
 * a moment, and a line for every unchanged folder would hide the ones that matter.
 */
public final class TerminalProgress implements Progress, AutoCloseable {

    private static final int UPDATE_MILLIS = 200;
    private static final int TASK_WIDTH = 24;
    private static final long MIB = 1 << 20;

    private final StatusLines lines;
    private final int width;
    private final ProgressBarStyle style;
    private final Map<String, PairBar> bars = new ConcurrentHashMap<>();

    /** @param terminal standard error, a terminal ({@link StderrTerminal#is}) */
    public TerminalProgress(PrintStream terminal) {
        this.width = terminalWidth();
        this.lines = new StatusLines(terminal, width);
        // Unicode blocks only where standard error encodes them; never colours, which would
        // count as width.
        this.style = "UTF-8".equalsIgnoreCase(System.getProperty("sun.stderr.encoding", Charset.defaultCharset().name()))
                ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII;
    }

    /** The run's console: its output makes way for the bars (see {@link StatusLines}), and this is its progress. */
    public Console console(PrintStream out, PrintStream err) {
        return new Console(lines.around(out), lines.around(err), this);
    }

    @Override
    public void pairStarted(String boxname, int messages, long bytes) {
        bars.computeIfAbsent(boxname, b -> new PairBar(b, messages, bytes));
    }

    @Override
    public void copied(String boxname, long bytes) {
        PairBar bar = bars.get(boxname);
        if (bar != null) {
            bar.copied(bytes);
        }
    }

    @Override
    public void pairEnded(String boxname) {
        PairBar bar = bars.remove(boxname);
        if (bar != null) {
            bar.close();
        }
    }

    /** Ends every bar still shown (a run that stopped early) and leaves the terminal clean. */
    @Override
    public void close() {
        bars.keySet().forEach(this::pairEnded);
        lines.clear();
    }

    /** The width the terminal says ({@code COLUMNS}), else the usual 80. */
    private static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("[0-9]{2,4}")) {
            return Math.max(40, Integer.parseInt(columns));
        }
        return 80;
    }

    /** One pair's bar: its size in bytes (in messages when the stores do not know sizes). */
    private final class PairBar {
        private final String boxname;
        private final int messages;
        private final boolean inBytes;
        private final AtomicInteger done = new AtomicInteger();
        private final ProgressBar bar;

        PairBar(String boxname, int messages, long bytes) {
            this.boxname = boxname;
            this.messages = messages;
            this.inBytes = bytes > 0;
            ProgressBarBuilder builder = new ProgressBarBuilder()
                    .setTaskName(task(boxname))
                    .setInitialMax(inBytes ? bytes : messages)
                    .setStyle(style)
                    .setUpdateIntervalMillis(UPDATE_MILLIS)
                    .setMaxRenderedLength(width - 1)
                    .showSpeed(new DecimalFormat("0.0"))
                    .setConsumer(new Line(boxname));
            if (inBytes) {
                // whole units only: KiB until MiB are many enough to move visibly
                builder.setUnit(bytes >= 100 * MIB ? " MiB" : " KiB", bytes >= 100 * MIB ? MIB : 1024);
            } else {
                builder.setUnit(" msg", 1);
            }
            this.bar = builder.build();
            bar.setExtraMessage(extra(0));
        }

        void copied(long bytes) {
            int n = done.incrementAndGet();
            bar.stepBy(inBytes ? bytes : 1);
            bar.setExtraMessage(extra(n));
        }

        void close() {
            bar.close(); // draws the final state
            // The bar closes its line only after a first drawing; a pair over before that still goes.
            lines.remove(boxname);
        }

        private String extra(int n) {
            return inBytes ? " " + n + "/" + messages + " msg" : "";
        }
    }

    private static String task(String boxname) {
        return boxname.length() <= TASK_WIDTH ? boxname : "..." + boxname.substring(boxname.length() - TASK_WIDTH + 3);
    }

    /** Where a pair's bar draws itself: its status line. */
    private final class Line implements ProgressBarConsumer {
        private final String key;

        Line(String key) {
            this.key = key;
        }

        @Override
        public int getMaxRenderedLength() {
            return width - 1;
        }

        @Override
        public void accept(String rendered) {
            lines.show(key, rendered);
        }

        @Override
        public void close() {
            // the line goes when the pair ends (PairBar.close), which is after this
        }
    }
}
