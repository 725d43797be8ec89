package org.mailsync.store.mh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Reading and writing {@code .mh_sequences} as nmh mh-sequence(5) describes it. */
class MhSequencesTest {

    @Test
    void parsesNumbersAndRanges() {
        MhSequences s = MhSequences.parse("unseen: 1-3 5 7-9\n");
        assertThat(s.names()).containsExactly("unseen");
        for (int n : List.of(1, 2, 3, 5, 7, 8, 9)) {
            assertThat(s.contains("unseen", n)).as("member %d", n).isTrue();
        }
        for (int n : List.of(4, 6, 10)) {
            assertThat(s.contains("unseen", n)).as("non-member %d", n).isFalse();
        }
        assertThat(s.contains("flagged", 1)).isFalse();
    }

    @Test
    void continuationLinesBelongToThePreviousSequence() {
        MhSequences s = MhSequences.parse("unseen: 1 2\n 4-5\n\t9\nflagged: 3\n");
        assertThat(s.names()).containsExactly("unseen", "flagged");
        assertThat(s.members("unseen")).isEqualTo("1-2 4-5 9");
        assertThat(s.members("flagged")).isEqualTo("3");
    }

    @Test
    void unchangedFileRendersByteForByte() {
        String text = "cur: 7\nunseen: 1 2\n 4-5\nmy-pick: 2-3 3\nnot a sequence line\n";
        assertThat(MhSequences.parse(text).render()).isEqualTo(text);
    }

    @Test
    void otherSequencesAreKeptUntouchedWhenOursChange() {
        String text = "cur: 7\nselect: 1 3\n  5\nunseen: 1-3\n";
        MhSequences s = MhSequences.parse(text);
        assertThat(s.remove("unseen", 2)).isTrue();
        assertThat(s.add("flagged", 4)).isTrue();
        assertThat(s.render()).isEqualTo("cur: 7\nselect: 1 3\n  5\nunseen: 1 3\nflagged: 4\n");
    }

    @Test
    void addingMergesAdjacentRanges() {
        MhSequences s = MhSequences.parse("unseen: 1-2 4-5\n");
        assertThat(s.add("unseen", 3)).isTrue();
        assertThat(s.add("unseen", 3)).isFalse();
        assertThat(s.render()).isEqualTo("unseen: 1-5\n");
    }

    @Test
    void removingSplitsARange() {
        MhSequences s = MhSequences.parse("unseen: 1-2000000000\n");
        assertThat(s.remove("unseen", 5)).isTrue();
        assertThat(s.remove("unseen", 5)).isFalse();
        assertThat(s.render()).isEqualTo("unseen: 1-4 6-2000000000\n");
    }

    @Test
    void emptiedSequenceIsLeftOutAsNmhDoes() {
        MhSequences s = MhSequences.parse("flagged: 4\nunseen: 1\n");
        s.remove("flagged", 4);
        assertThat(s.render()).isEqualTo("unseen: 1\n");
    }

    @Test
    void removeEverywhereSparesTheExceptions() {
        MhSequences s = MhSequences.parse("cur: 4\nunseen: 4 6\nmine: 3-5\n");
        assertThat(s.removeEverywhereBut(4, Set.of("cur"))).isTrue();
        assertThat(s.render()).isEqualTo("cur: 4\nunseen: 6\nmine: 3 5\n");
        assertThat(s.inAnySequenceBut(4, Set.of("cur"))).isFalse();
        assertThat(s.inAnySequenceBut(4, Set.of())).isTrue();
    }

    @Test
    void invalidTokensAreSkippedLikeNmh() {
        MhSequences s = MhSequences.parse("unseen: 0 x 3 9-2 5-6 -1\n");
        assertThat(s.members("unseen")).isEqualTo("3 5-6");
    }

    @Test
    void fileWithoutFinalLineEndAndEmptyFile() {
        assertThat(MhSequences.parse("unseen: 2").contains("unseen", 2)).isTrue();
        assertThat(MhSequences.parse("").names()).isEmpty();
        assertThat(MhSequences.parse("").render()).isEmpty();
    }
}
