package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.mail.Flags;

import org.junit.jupiter.api.Test;
import org.mailsync.store.local.VisibleLogLines;

/**
 * A keyword goes to the server only where the folder keeps it: its PERMANENTFLAGS hold
 * {@code \*} or that keyword (RFC 3501 section 7.1); others, and keywords that are no IMAP atom,
 * are dropped with a warning naming the folder and the keyword.
 */
class KeywordsFollowPermanentFlagsTest {

    private static Flags permanent(String... keywords) {
        Flags f = new Flags(Flags.Flag.SEEN);
        for (String k : keywords) {
            f.add(k);
        }
        return f;
    }

    @Test
    void backslashStarKeepsEveryKeyword() {
        Flags any = permanent("$Forwarded");
        any.add(Flags.Flag.USER);
        assertThat(ImapFlagChanges.kept(List.of("Work", "$Junk"), any, "s: box")).containsExactly("Work", "$Junk");
    }

    @Test
    void withoutItOnlyTheListedOnesAreKeptAndTheOthersWarned() {
        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            assertThat(ImapFlagChanges.kept(List.of("work", "$Junk"), permanent("Work"), "s: box on host"))
                    .containsExactly("work");
            assertThat(ImapFlagChanges.kept(List.of("Work"), null, "s: other on host")).isEmpty();
            assertThat(log.lines()).containsExactly(
                    "Warning: s: box on host does not keep keyword \"$Junk\" (not in its PERMANENTFLAGS); dropped",
                    "Warning: s: other on host does not keep keyword \"Work\" (not in its PERMANENTFLAGS); dropped");
        }
    }

    @Test
    void aKeywordThatIsNoAtomIsNeverSent() {
        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            assertThat(ImapFlagChanges.sendable(List.of("ok", "a b", "x]", "\\Seen", "quote\""), "s", "box"))
                    .containsExactly("ok");
            assertThat(log.lines()).hasSize(4).allMatch(l -> l.startsWith("Warning: s: keyword ") && l.contains(" for box "));
        }
    }
}
