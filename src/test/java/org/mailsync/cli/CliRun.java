package org.mailsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * One run of the real command line, in-process, with its output captured — what it prints and
 * what it logs (which a user sees on stderr too). Every run checks the house rule that no
 * Java stack trace or Camel exchange dump reaches the user without {@code -d}: so every
 * failure scenario of the suite is swept for them.
 */
record CliRun(int exitCode, String out, String err, String log) {

    /** What a stack trace or a Camel error report looks like in output. */
    static final Pattern DUMP = Pattern.compile(
            "(?m)^\\s+at [\\w.$]+\\(|^Caused by: |Message History|Exhausted after delivery attempt|ExchangeId:|^Stacktrace");

    static CliRun run(Path home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder().setName("cli-run-capture").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger: %msg%n%throwable").build()).build();
        appender.start();
        context.getRootLogger().addAppender(appender);
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Mailsync.run(args, home, o, e);
        } finally {
            context.getRootLogger().removeAppender(appender);
            appender.stop();
        }
        CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                log.toString());
        if (!List.of(args).contains("-d")) {
            for (String shown : List.of(run.out, run.err, run.log)) {
                if (DUMP.matcher(shown).find()) {
                    throw new AssertionError("a stack trace or Camel exchange dump reached the user without -d:\n" + run);
                }
            }
        }
        return run;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err + "--- log ---\n" + log;
    }

    /**
     * The commands the client sent, without their tags, from the -di trace. A tag is letters and
     * a number: Angus gives each connection a prefix of its own, one letter for the first ones a
     * JVM opens, then two ({@code AB1}), so that it depends on the tests that ran before.
     */
    static List<String> imapCommands(String trace) {
        List<String> commands = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(?:.*?\\s)?[A-Z]+\\d+ ((?:UID )?[A-Z]+.*)$").matcher(trace);
        while (m.find()) {
            commands.add(m.group(1));
        }
        return commands;
    }
}
