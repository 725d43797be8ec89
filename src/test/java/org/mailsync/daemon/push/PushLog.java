package org.mailsync.daemon.push;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * What the push watches log (logger {@code org.mailsync.daemon.push}, at INFO while captured;
 * the shipped configuration shows only errors of org.mailsync), for tests that check what a
 * watch did: idle, log in again, fall back to polling.
 */
final class PushLog extends AbstractAppender implements AutoCloseable {

    private static final String LOGGER = "org.mailsync.daemon.push";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerConfig config;

    private PushLog(LoggerConfig config) {
        super("push-log-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.config = config;
    }

    /** Starts capturing. */
    static PushLog capture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, true);
        configuration.addLogger(LOGGER, logger);
        PushLog log = new PushLog(logger);
        log.start();
        logger.addAppender(log, Level.INFO, null);
        context.updateLoggers();
        return log;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    /** The lines so far, each its level and message. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Whether a line holds this text. */
    boolean has(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(LOGGER);
        context.updateLoggers();
        stop();
    }
}
