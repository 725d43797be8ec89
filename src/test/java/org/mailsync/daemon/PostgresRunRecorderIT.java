package org.mailsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.msinfo.pg.PostgresExtension;
import org.mailsync.msinfo.pg.PostgresRunLog;
import org.mailsync.msinfo.pg.PostgresStateFactory;
import org.mailsync.report.RunReport;

/**
 * With the state in PostgreSQL, the daemon records each run in the database's run log as well
 * as in its run log file, and a database it cannot reach costs the record there, never the run's
 * line in the file.
 */
class PostgresRunRecorderIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void aRunIsRecordedInTheFileAndInPostgres() throws Exception {
        PostgresRunLog stateLog = new PostgresRunLog(new PostgresStateFactory(POSTGRES.newDatabase(), null));
        Path file = dir.resolve("runs.jsonl");
        RunRecorder recorder = new RunRecorder(file, new ChannelReadiness(), stateLog);

        recorder.record(RunReport.failure("sync", "office", "2026-12-01T20:00:00Z", 12, "server down"),
                new DefaultExchange(new DefaultCamelContext()), false);

        assertThat(Files.readString(file)).contains("\"channel\":\"office\"", "server down");
        assertThat(stateLog.recent("office", 5)).singleElement().satisfies(json -> assertThat(json)
                .contains("\"channel\": \"office\"", "\"errors\": [\"server down\"]", "\"durationMillis\": 12"));
    }

    @Test
    void anUnreachableDatabaseCostsOnlyItsOwnRecord() throws Exception {
        Path file = dir.resolve("runs.jsonl");
        RunRecorder recorder = new RunRecorder(file, new ChannelReadiness(),
                new PostgresRunLog(new PostgresStateFactory("jdbc:postgresql://127.0.0.1:1/none?user=u", null)));

        recorder.record(RunReport.failure("sync", "office", "2026-12-01T20:00:00Z", 12, "server down"),
                new DefaultExchange(new DefaultCamelContext()), false);

        assertThat(Files.readString(file)).contains("\"channel\":\"office\"");
    }
}
