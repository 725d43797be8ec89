package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.mbox;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Mailsync.run} used twice in one JVM (tests, an embedding program): a {@code -d} run
 * must not leave Camel's error-handler log switched on for the next run, whose failing
 * extension route must again cost one warning line and no Camel error report.
 *
 * <p>Fails today (MailsyncCommand.setLogLevels raises
 * {@code org.apache.camel.processor.errorhandler.DefaultErrorHandler} to ERROR for {@code -d}
 * and never sets it back to OFF).
 */
class DebugLevelsEndWithTheirRunTest {

    @TempDir
    Path home;

    private final StringWriter log = new StringWriter();
    private Appender appender;

    @BeforeEach
    void freshLogConfiguration() {
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    @AfterEach
    void restore() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (appender != null) {
            context.getRootLogger().removeAppender(appender);
            appender.stop();
        }
        context.reconfigure();
    }

    @Test
    void aRunWithoutDebugAfterOneWithDebugShowsNoCamelErrorReport() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"), "a1");
        mbox(home.resolve("Archive/inbox"));
        Path routes = Files.createDirectories(home.resolve("routes"));
        Files.writeString(routes.resolve("failing.camel.yaml"), """
                - route:
                    id: failing-on-copied
                    from:
                      uri: direct:mailsync-copied
                      steps:
                        - throwException:
                            exceptionType: java.io.IOException
                            message: "backup disk is full"
                """);
        CliRun debug = CliRun.run(home, "-d", "--routes", routes.toString(), "backup");
        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        maildir(home.resolve("Mail/inbox"), "a2");

        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = WriterAppender.newBuilder().setName("after-debug-capture").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level: %logger: %msg%n%throwable").build()).build();
        appender.start();
        context.getConfiguration().addAppender(appender);
        context.getRootLogger().addAppender(appender);
        CliRun plain = CliRun.run(home, "--routes", routes.toString(), "backup");

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.err()).isEqualTo("Warning: a route on direct:mailsync-copied failed (backup disk is full);"
                + " the sync goes on unchanged (said once per run)\n");
        assertThat(log.toString()).as("log4j output of the run without -d").doesNotContain("Message History", "\tat ");
    }
}
