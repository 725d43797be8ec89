package org.mailsync.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The progress bars' lines stay below the run's other output on the terminal: each line of
 * output first erases them and then they are drawn again, a half-written line is never split by
 * them, and nothing of them is left when they are removed.
 */
class ProgressLinesMakeWayForOutputTest {

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
    private final StatusLines lines = new StatusLines(terminal, 20);

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outputErasesTheBarsAndTheyComeBackBelowIt() {
        PrintStream out = lines.around(terminal);

        lines.show("INBOX", "INBOX 10%");
        out.println("work: ");

        assertThat(screen()).isEqualTo("\rINBOX 10%\033[K\n" + "\033[1A\r\033[J" + "work: \n" + "\rINBOX 10%\033[K\n");
    }

    @Test
    void aHalfWrittenLineIsNotSplit() {
        PrintStream out = lines.around(terminal);
        lines.show("INBOX", "bar");
        screen.reset();

        out.print("2 copied ");
        lines.show("INBOX", "bar 2");
        out.println("laptop->archive.");

        assertThat(screen()).isEqualTo("\033[1A\r\033[J2 copied laptop->archive.\n\rbar 2\033[K\n");
    }

    @Test
    void removedLinesLeaveNothingAndLongOnesAreCut() {
        lines.show("a", "x".repeat(50));
        lines.show("b", "second");
        assertThat(screen()).contains("x".repeat(19) + "\033[K").doesNotContain("x".repeat(20));
        screen.reset();

        lines.remove("a");
        lines.remove("b");

        assertThat(screen()).isEqualTo("\033[2A\r\033[J\rsecond\033[K\n\033[1A\r\033[J");
    }
}
