package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The property of a local format's incremental index, with the scenario as data: rounds of
 * changes other programs make to a folder, each round followed by an index with the snapshot
 * of the round before, which must list what a full index lists ({@link IncrementalIndexProbe})
 * and read no more than the format's property allows. A format's property test names the kinds
 * of change and carries them out.
 */
public final class IncrementalIndexRounds {

    /**
     * One change of a kind the format's test names; {@code target} picks a message, a number or
     * an offset, {@code bits} flags (or a size), {@code restoreMtime} whether the old mtime is put back.
     */
    public record Op<K extends Enum<K>>(K kind, int target, int bits, boolean restoreMtime) {
    }

    /** The changes between two indexes, and whether they have settled when the index runs. */
    public record Round<K extends Enum<K>>(List<Op<K>> ops, boolean settled) {
    }

    /** Carries out one change. */
    public interface Change<K extends Enum<K>> {
        void apply(Op<K> op) throws Exception;
    }

    /** Waits until every change so far counts as settled for the next index. */
    public interface Settle {
        void settle() throws InterruptedException;
    }

    /** Checks what an index with the snapshot of the round before read, after the round's changes. */
    public interface ReadCheck<K extends Enum<K>> {
        void check(FolderSnapshot previous, Round<K> round, long reads) throws Exception;
    }

    /** Some work in a directory of its own. */
    public interface InDirectory {
        void run(Path dir) throws Exception;
    }

    private IncrementalIndexRounds() {
    }

    /**
     * A round of up to {@code maxOps} changes of these kinds, with targets from 0 to 999 and bits
     * from 0 to {@code maxBits}; three rounds in four have settled.
     */
    public static <K extends Enum<K>> Arbitrary<Round<K>> round(Arbitrary<K> kinds, int maxBits, int maxOps) {
        Arbitrary<Op<K>> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, maxBits), Arbitraries.of(true, false)).as(Op::new);
        return Combinators.combine(op.list().ofMaxSize(maxOps), Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false)))).as(Round::new);
    }

    /** One to six rounds. */
    public static <K extends Enum<K>> Arbitrary<List<Round<K>>> rounds(Arbitrary<Round<K>> round) {
        return round.list().ofMinSize(1).ofMaxSize(6);
    }

    /**
     * Plays the rounds: each round's changes, then (if the round has settled) the wait, then an
     * index with the last snapshot, equal to a full one, whose reads the check judges from the
     * second index on.
     */
    public static <K extends Enum<K>> void play(List<Round<K>> rounds, Change<K> change, Settle settle, IncrementalIndexProbe probe,
            ReadCheck<K> check) throws Exception {
        FolderSnapshot previous = null;
        for (Round<K> round : rounds) {
            for (Op<K> op : round.ops()) {
                change.apply(op);
            }
            if (round.settled()) {
                settle.settle();
            }
            FolderSnapshot snapshot = probe.index(previous);
            if (previous != null) {
                check.check(previous, round, probe.reads());
            }
            previous = snapshot;
        }
    }

    /** No more files read than the round changed, plus those too fresh to be trusted by the snapshot. */
    public static <K extends Enum<K>> ReadCheck<K> noMoreReadsThanChanges() {
        return (previous, round, reads) -> {
            long untrusted = previous.entries().stream().filter(e -> e.stamp() == null).count();
            assertThat(reads).as("files read").isLessThanOrEqualTo(round.ops().size() + untrusted);
        };
    }

    /** The flags whose ordinals are set in {@code bits}. */
    public static Set<Flag> flags(int bits) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (Flag flag : Flag.values()) {
            if ((bits & (1 << flag.ordinal())) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** Runs the work in a new temporary directory, removed afterwards (jqwik has no {@code @TempDir}). */
    public static void inTemporaryDirectory(String prefix, InDirectory work) throws Exception {
        Path dir = Files.createTempDirectory(prefix);
        try {
            work.run(dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
