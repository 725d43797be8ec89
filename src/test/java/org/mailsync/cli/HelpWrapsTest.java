package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code mailsync -h} fits its width, and a description too long for a line wraps under its own
 * column (the modes' meanings, the options' descriptions, the exit statuses), never back to the
 * left margin.
 */
class HelpWrapsTest {

    /** picocli's width when standard output is not a terminal, as in a test. */
    private static final int DEFAULT_WIDTH = 80;
    /** Further right than any entry starts: where the text of modes, options and exit statuses sits. */
    private static final int CONTINUATION_INDENT = 8;
    /** How a mode, an option (short, or long only), a parameter and an exit status begin. */
    private static final Pattern ENTRY = Pattern.compile("^(  (mailsync |-|\\d )|      [-A-Z])");

    @TempDir
    Path home;

    @Test
    void helpFitsTheDefaultWidthAndIndentsContinuations() {
        CliRun run = CliRun.run(home, "-h");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertFitsAndIndents(run.out(), DEFAULT_WIDTH);
        assertThat(run.out()).contains("  mailsync [options] CHANNEL STORE ", "--version", "Exit status:");
    }

    @Test
    void aNarrowTerminalWrapsEveryColumnUnderItself() {
        CommandLine cli = new CommandLine(new MailsyncCommand(System.out, System.err, home));
        ModesHelpSection.install(cli);
        cli.setUsageHelpAutoWidth(false);
        cli.setUsageHelpWidth(55);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        cli.usage(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String help = bytes.toString(StandardCharsets.UTF_8);

        assertFitsAndIndents(help, 55);
        assertThat(help).as("a mode's meaning wrapped under itself")
                .containsPattern("  mailsync undo \\[-s\\] CHANNEL +restore\\S*( \\S+)*\\n {30,}\\S");
    }

    /**
     * No line is wider than {@code width}; from the modes on, every line that is not blank or a
     * heading either starts an entry (a mode, an option, an exit status) or continues one, and a
     * continuation sits indented under its entry's text.
     */
    private static void assertFitsAndIndents(String help, int width) {
        List<String> lines = help.lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(width));
        List<String> body = lines.subList(indexOfPrefix(lines, "  mailsync [options] CHANNEL"), lines.size());
        assertThat(body).filteredOn(HelpWrapsTest::isContinuation).as("some descriptions had to wrap").isNotEmpty();
        for (String line : body) {
            if (!line.isBlank() && !line.equals("Exit status:")) {
                assertThat(ENTRY.matcher(line).find() || isContinuation(line))
                        .as("starts an entry or is an indented continuation: \"" + line + "\"").isTrue();
            }
        }
    }

    private static boolean isContinuation(String line) {
        return line.startsWith(" ".repeat(CONTINUATION_INDENT)) && !line.isBlank();
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with \"" + prefix + "\" in\n" + String.join("\n", lines));
    }
}
