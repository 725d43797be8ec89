package org.mailsync.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Duplicates}: the first copy in folder order is never a duplicate; a later copy with the
 * same digest is an identical copy of it whatever its Message-ID; a different message under a
 * Message-ID already seen is reported, never offered for removal.
 */
class DuplicatesTest {

    @Test
    void laterIdenticalCopiesAreOfferedForRemovalAndSharedIdsOnlyReported() {
        ScannedMessage first = new ScannedMessage("1", "UID 1", "d1", "<a@x>", "<a@x>");
        ScannedMessage other = new ScannedMessage("2", "UID 2", "d2", "<b@x>", "<b@x>");
        ScannedMessage copy = new ScannedMessage("3", "UID 3", "d1", "<a@x>", "<a@x>");
        ScannedMessage sharing = new ScannedMessage("4", "UID 4", "d4", "<a@x>", "<a@x>");
        ScannedMessage idlessTwin = new ScannedMessage("5", "UID 5", "d2", null, null);
        ScannedMessage unreadable = new ScannedMessage("6", "UID 6", null, "<b@x>", "<b@x>");

        Duplicates d = Duplicates.of(List.of(first, other, copy, sharing, idlessTwin, unreadable));

        assertThat(d.identicalCopies()).containsExactly(java.util.Map.entry(copy, first), java.util.Map.entry(idlessTwin, other));
        assertThat(d.findings()).extracting(Finding::place).containsExactly("UID 3", "UID 4", "UID 5", "UID 6");
        assertThat(d.findings().get(1).text()).contains("with different content");
        assertThat(d.findings().get(3).text()).contains("content not compared");
    }

    @Test
    void noDuplicatesNoFindings() {
        Duplicates d = Duplicates.of(List.of(new ScannedMessage("1", "UID 1", "d1", "<a@x>", "<a@x>"),
                new ScannedMessage("2", "UID 2", "d2", "<b@x>", "<b@x>")));

        assertThat(d.identicalCopies()).isEmpty();
        assertThat(d.findings()).isEmpty();
    }
}
