package org.mailsync.store.mh;

import static org.mailsync.store.local.IncrementalIndexRounds.flags;
import static org.mailsync.store.local.IncrementalIndexRounds.inTemporaryDirectory;
import static org.mailsync.store.local.IncrementalIndexRounds.noMoreReadsThanChanges;
import static org.mailsync.store.local.IncrementalIndexRounds.play;
import static org.mailsync.store.local.IncrementalIndexRounds.round;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.mailsync.store.StoreException;
import org.mailsync.store.local.IncrementalIndexProbe;
import org.mailsync.store.local.IncrementalIndexRounds;
import org.mailsync.store.local.IncrementalIndexRounds.Op;
import org.mailsync.store.local.IncrementalIndexRounds.Round;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever MH tools and mailsync do to a folder between two indexes (append, {@code inc} into a
 * gap, {@code rmm}, a flag change in {@code .mh_sequences}, a message replaced in place with the
 * same size and its old mtime, {@code folder -pack} moving a message to a new number), an index
 * with the last snapshot lists what a full index lists, and opens no more files than were
 * touched (plus those too fresh to be trusted last time).
 */
class MhIncrementalIndexProperties {

    enum Kind { APPEND, INC, RMM, REFLAG, REPLACE_IN_PLACE, RENUMBER }

    @Property(tries = 30)
    void anIncrementalIndexListsWhatAFullOneDoes(@ForAll("rounds") List<Round<Kind>> rounds) throws Exception {
        inTemporaryDirectory("mh-incremental", dir -> {
            MhFormat mh = new MhFormat(MhIncrementalIndexTest.SETTLE);
            Path folder = dir.resolve("inbox");
            mh.create(folder);
            IncrementalIndexProbe probe = new IncrementalIndexProbe(mh, folder, mh::headersRead);
            play(rounds, new Changes(mh, folder)::apply, MhIncrementalIndexTest::settle, probe, noMoreReadsThanChanges());
        });
    }

    @Provide
    Arbitrary<List<Round<Kind>>> rounds() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(3, Kind.APPEND), Tuple.of(2, Kind.INC), Tuple.of(1, Kind.RMM),
                Tuple.of(2, Kind.REFLAG), Tuple.of(2, Kind.REPLACE_IN_PLACE), Tuple.of(1, Kind.RENUMBER));
        return IncrementalIndexRounds.rounds(round(kinds, 31, 6));
    }

    /** Changes an MH folder the way nmh and mailsync do. */
    private static final class Changes {
        private final MhFormat mh;
        private final Path folder;
        private int counter;

        Changes(MhFormat mh, Path folder) {
            this.mh = mh;
            this.folder = folder;
        }

        void apply(Op<Kind> op) throws IOException, StoreException {
            List<Integer> numbers = numbers();
            if (op.kind() == Kind.APPEND || (numbers.isEmpty() && op.kind() != Kind.INC)) {
                mh.append(folder, new ByteArrayInputStream(message(nextId())), flags(op.bits()), null);
                return;
            }
            int n = numbers.isEmpty() ? 1 : numbers.get(op.target() % numbers.size());
            switch (op.kind()) {
                case INC -> {
                    int free = 1 + op.target() % 30;
                    if (!numbers.contains(free)) {
                        Files.write(folder.resolve(Integer.toString(free)), message(nextId()));
                    }
                }
                case RMM -> Files.delete(folder.resolve(Integer.toString(n)));
                case REFLAG -> {
                    Path seqs = folder.resolve(MhFormat.SEQUENCES);
                    MhSequences s = MhSequences.parse(Files.readAllBytes(seqs));
                    s.removeEverywhereBut(n, Set.of());
                    MhFlags.set(s, n, flags(op.bits()));
                    Files.write(seqs, s.toBytes());
                }
                case REPLACE_IN_PLACE -> {
                    Path file = folder.resolve(Integer.toString(n));
                    FileTime mtime = Files.getLastModifiedTime(file);
                    String text = Files.readString(file, StandardCharsets.US_ASCII);
                    String id = text.substring(text.indexOf("Subject: subject ") + 17, text.indexOf("Subject: subject ") + 22);
                    Files.writeString(file, text.replace(id, nextId()), StandardCharsets.US_ASCII);
                    if (op.restoreMtime()) {
                        Files.setLastModifiedTime(file, mtime);
                    }
                }
                case RENUMBER -> {
                    int to = numbers.get(numbers.size() - 1) + 1 + op.target() % 3;
                    Files.move(folder.resolve(Integer.toString(n)), folder.resolve(Integer.toString(to)));
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }

        private String nextId() {
            return String.format("m%04d", ++counter);
        }

        private List<Integer> numbers() throws IOException {
            List<Integer> numbers = new ArrayList<>();
            try (Stream<Path> entries = Files.list(folder)) {
                entries.map(p -> MhFormat.messageNumber(p.getFileName().toString())).filter(n -> n > 0).forEach(numbers::add);
            }
            numbers.sort(null);
            return numbers;
        }

        private static byte[] message(String id) {
            return ("From: a@example.org\nSubject: subject " + id + "\nMessage-ID: <" + id + "@example.org>\n\nbody\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }
}
