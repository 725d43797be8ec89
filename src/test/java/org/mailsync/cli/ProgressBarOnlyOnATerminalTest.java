package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar: drawn on standard error when it is a terminal (a pseudo-terminal from
 * util-linux {@code script}, as ssh or a terminal emulator gives), with the folder, the share done,
 * and messages done of all; absent when standard error is a file, and with {@code --json} or
 * {@code -q} even on a terminal. Standard output keeps the original's text either way. The real
 * program runs in a JVM of its own, as a user starts it.
 */
class ProgressBarOnlyOnATerminalTest {

    private static final int MESSAGES = 40;

    @TempDir
    Path home;

    @TempDir
    Path output;

    @BeforeEach
    void stores() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        String[] ids = new String[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            ids[i] = "m" + i;
        }
        MailTree.maildir(home.resolve("Mail/INBOX"), ids);
        MailTree.maildir(home.resolve("Mail/work"), "w1", "w2", "w3");
    }

    @Test
    void aTerminalShowsABarPerFolderPair() throws Exception {
        Run run = underScript("backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.terminal()).as(run.toString()).contains("INBOX").contains("%").contains(MESSAGES + "/" + MESSAGES + " msg");
        // each folder pair has its bar (they sync side by side)
        assertThat(run.terminal()).as(run.toString()).containsPattern("work +[0-9]+%.* 3/3 msg");
        // the bar goes when its pair ends: the last thing drawn erases it
        assertThat(run.terminal().stripTrailing()).endsWith("\033[J");
        assertThat(run.stdout()).isEqualTo(expectedText()).doesNotContain("\033");
    }

    @Test
    void noTerminalNoBar() throws Exception {
        Run run = plain("backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.terminal()).as("standard error").doesNotContain("msg").doesNotContain("%").doesNotContain("\033");
        assertThat(run.stdout()).isEqualTo(expectedText());
    }

    @Test
    void jsonShowsNoBarEvenOnATerminal() throws Exception {
        Run run = underScript("--json", "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.terminal()).doesNotContain("msg").doesNotContain("%");
        assertThat(JsonDocument.of(run.stdout()).get("copied").asInt()).isEqualTo(MESSAGES + 3);
    }

    @Test
    void quietShowsNoBarEvenOnATerminal() throws Exception {
        Run run = underScript("-q", "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.terminal()).doesNotContain("msg").doesNotContain("%");
        assertThat(run.stdout()).isEmpty();
    }

    private static String expectedText() {
        return "Synchronizing stores \"laptop\" <-> \"archive\"...\nINBOX: \ncreated on archive.\n" + MESSAGES
                + " copied laptop->archive.\n" + MESSAGES + " remain.\nwork: \ncreated on archive.\n3 copied laptop->archive.\n"
                + "3 remain.\n";
    }

    /** What a run printed: on its terminal (standard error, under script) or its standard error file, and its standard output. */
    private record Run(int exitCode, String terminal, String stdout) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- terminal / stderr ---\n" + terminal + "\n--- stdout ---\n" + stdout;
        }
    }

    /** {@code mailsync ARGS} with standard error on a pseudo-terminal and standard output in a file. */
    private Run underScript(String... args) throws Exception {
        assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux script is not installed");
        Path stdout = output.resolve("stdout");
        StringBuilder inner = new StringBuilder();
        for (String word : command(args)) {
            inner.append(quoted(word)).append(' ');
        }
        inner.append("> ").append(quoted(stdout.toString()));
        return run(List.of("/usr/bin/script", "-qec", inner.toString(), "/dev/null"), stdout);
    }

    /** {@code mailsync ARGS} with standard output and error in files. */
    private Run plain(String... args) throws Exception {
        return run(command(args), output.resolve("stdout"));
    }

    private Run run(List<String> command, Path stdout) throws Exception {
        Path terminal = output.resolve("terminal");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(command.get(0).endsWith("script") ? terminal.toFile() : stdout.toFile())
                .redirectError(terminal.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("TERM", "xterm");
        builder.environment().remove("COLUMNS");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mailsync did not finish in 120 s");
        }
        return new Run(process.exitValue(), Files.readString(terminal, StandardCharsets.UTF_8),
                Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "");
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.mailsync.cli.Mailsync"));
        command.addAll(List.of(args));
        return command;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
