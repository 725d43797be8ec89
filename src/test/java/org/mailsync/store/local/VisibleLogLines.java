package org.mailsync.store.local;

import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines a user sees on a plain command line (no {@code -vw}, {@code -d}): log levels are
 * set as the CLI sets them by default ({@code org.mailsync} at ERROR, the shipped
 * {@code log4j2.xml} for everything else), and each line that gets through is kept as the
 * console would print it ({@code Warning: ...}, {@code Error: ...}).
 */
public final class VisibleLogLines implements AutoCloseable {

    private static final String IMAP = "org.mailsync.store.imap";

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context;
    private final AbstractAppender appender;
    private final Level before;
    private final Level imapBefore;

    private VisibleLogLines(Level level) {
        context = (LoggerContext) LogManager.getContext(false);
        before = context.getConfiguration().getLoggerConfig("org.mailsync").getLevel();
        imapBefore = context.getConfiguration().getLoggerConfig(IMAP).getLevel();
        // ERROR: what MailsyncCommand does on a run without -d, -vw, -vb, -vp; it sets the IMAP
        // store's logger too (and an in-process CLI run of another test leaves it set).
        Configurator.setLevel("org.mailsync", level);
        Configurator.setLevel(IMAP, level);
        appender = new AbstractAppender("visible-lines-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String label = event.getLevel() == Level.WARN ? "Warning" : event.getLevel() == Level.ERROR ? "Error"
                        : event.getLevel().name();
                synchronized (lines) {
                    lines.add(label + ": " + event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        // On the root: an event reaches it only if its own logger's level lets it through, as for the console.
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    /** Starts collecting. */
    public static VisibleLogLines capture() {
        return new VisibleLogLines(Level.ERROR);
    }

    /** Starts collecting what a run with warnings shown ({@code -vw}) prints: warnings and errors. */
    public static VisibleLogLines captureWarnings() {
        return new VisibleLogLines(Level.WARN);
    }

    /** The lines so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        appender.stop();
        Configurator.setLevel("org.mailsync", before);
        Configurator.setLevel(IMAP, imapBefore);
        context.updateLoggers();
    }
}
