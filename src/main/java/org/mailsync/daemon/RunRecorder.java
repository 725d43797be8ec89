package org.mailsync.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.config.StateConfig;
import org.mailsync.msinfo.pg.PostgresRunLog;
import org.mailsync.msinfo.pg.PostgresStateFactory;
import org.mailsync.report.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon does with each run's report (its route calls it): one JSON line in the run
 * log (and a row in the PostgreSQL state's {@code run_log} when the config keeps the state
 * there), the Micrometer meters of the channel, and the readiness check. Failing to write the run
 * log is logged, never fatal: the sync itself is done.
 */
public final class RunRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final Path runLog;
    private final ChannelReadiness readiness;
    private final PostgresRunLog stateLog;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    /**
     * @param runLog    the file each run appends its JSON line to
     * @param readiness the readiness check to update
     */
    public RunRecorder(Path runLog, ChannelReadiness readiness) {
        this(runLog, readiness, null);
    }

    /**
     * @param runLog    the file each run appends its JSON line to
     * @param readiness the readiness check to update
     * @param stateLog  the run log in the PostgreSQL state (config key {@code state}), written
     *                  too, or null
     */
    public RunRecorder(Path runLog, ChannelReadiness readiness, PostgresRunLog stateLog) {
        this.runLog = runLog;
        this.readiness = readiness;
        this.stateLog = stateLog;
    }

    /**
     * The recorder of a config's daemon: the run log file, and the run log in the PostgreSQL
     * state too when the config keeps the state there ({@code state}).
     */
    public static RunRecorder of(Path runLog, ChannelReadiness readiness, MailsyncConfig config) {
        StateConfig state = config.state();
        return new RunRecorder(runLog, readiness,
                state == null ? null : new PostgresRunLog(new PostgresStateFactory(state.url(), state.passcmd())));
    }

    /** Records one run's report. */
    public void record(RunReport report, Exchange exchange,
                       @Header(MailsyncConstants.CONNECTION_FAILED) Boolean connectionFailed) {
        String channel = report.channel();
        boolean unreachable = Boolean.TRUE.equals(connectionFailed);
        readiness.record(channel, unreachable ? String.join("; ", report.errors()) : null);
        writeLine(report);
        MeterRegistry meters = exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            count(meters, "mailsync.messages.copied", channel, report.copied());
            count(meters, "mailsync.messages.deleted", channel, report.deleted());
            count(meters, "mailsync.messages.failed", channel, report.failed());
            count(meters, "mailsync.runs", channel, 1);
            if (report.exitCode() != 0) {
                // Runs that could not start count here, not as failed messages.
                Counter.builder("mailsync.runs.unsuccessful").tag("channel", channel).tag("status", report.status())
                        .register(meters).increment();
            }
            Timer.builder("mailsync.run.duration").tag("channel", channel).register(meters)
                    .record(report.durationMillis(), TimeUnit.MILLISECONDS);
            AtomicLong last = lastSuccess.computeIfAbsent(channel, c -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("mailsync.last.success", value, AtomicLong::get).tag("channel", c).baseUnit("seconds")
                        .description("when the channel's last run without errors ended, epoch seconds").register(meters);
                return value;
            });
            if (report.exitCode() == 0) {
                last.set(Instant.now().getEpochSecond());
            }
        }
    }

    private static void count(MeterRegistry meters, String name, String channel, int n) {
        Counter.builder(name).tag("channel", channel).register(meters).increment(n);
    }

    private synchronized void writeLine(RunReport report) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("channel", report.channel());
        line.put("start", report.startedAt());
        line.put("durationMillis", report.durationMillis());
        line.put("exitCode", report.exitCode());
        line.put("status", report.status());
        line.put("copied", report.copied());
        line.put("deleted", report.deleted());
        line.put("failed", report.failed());
        line.put("errors", report.errors());
        try {
            Files.createDirectories(runLog.toAbsolutePath().getParent());
            Files.writeString(runLog, json.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("cannot write the run log {}: {}", runLog, e.getMessage());
        }
        if (stateLog != null) {
            try {
                stateLog.append(report.channel(), json.writeValueAsString(line));
            } catch (IOException | MsinfoException e) {
                LOG.warn("cannot write the run log in the PostgreSQL state: {}", e.getMessage());
            }
        }
    }
}
