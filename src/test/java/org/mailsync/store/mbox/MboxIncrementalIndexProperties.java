package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.store.local.IncrementalIndexRounds.flags;
import static org.mailsync.store.local.IncrementalIndexRounds.inTemporaryDirectory;
import static org.mailsync.store.local.IncrementalIndexRounds.play;
import static org.mailsync.store.local.IncrementalIndexRounds.round;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
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
 * Whatever happens to an mbox file between two indexes (MDA deliveries, our appends and
 * deletes, flags or subjects rewritten in place with the same length and the mtime put back,
 * lines added to the last message, a truncation followed by new mail, a replacement by
 * rename), an index with the last snapshot lists what a full index lists. It reads nothing of
 * a file that did not change and, when the file was only appended to, nothing before the
 * previous last message.
 *
 * <p>One combination is left out on purpose: a same-length rewrite in place of a message before
 * the last one together with an append. {@link MboxIndex} takes a grown file for one that was
 * appended to without reading its earlier messages again (as Dovecot's default
 * {@code mbox_dirty_syncs} does), and so misses such a rewrite until the file is next read whole.
 */
class MboxIncrementalIndexProperties {

    private static final Pattern X_STATUS = Pattern.compile("(?m)^X-Status: (\\w)$");
    private static final Pattern SUBJECT_ID = Pattern.compile("(?m)^Subject: subject (m\\d{4})$");

    enum Kind { DELIVER, APPEND_OURS, DELETE, REFLAG_IN_PLACE, RETITLE_IN_PLACE, CONTINUE_LAST, TRUNCATE_AND_REGROW, REPLACE }

    private static final Set<Kind> GROWING = EnumSet.of(Kind.DELIVER, Kind.APPEND_OURS, Kind.CONTINUE_LAST, Kind.TRUNCATE_AND_REGROW);

    @Property(tries = 30)
    void anIncrementalIndexListsWhatAFullOneDoes(@ForAll("rounds") List<Round<Kind>> rounds) throws Exception {
        inTemporaryDirectory("mbox-incremental", dir -> {
            MboxFormat format = new MboxFormat(MboxIncrementalIndexTest.SETTLE);
            Path box = dir.resolve("inbox");
            format.create(box);
            IncrementalIndexProbe probe = new IncrementalIndexProbe(format, box, format::bytesRead);
            play(rounds, new Changes(format, box)::apply, MboxIncrementalIndexTest::settle, probe,
                    (previous, round, read) -> checkReads(previous, round, read, Files.size(box)));
        });
    }

    /** Nothing read of an unchanged file whose times were trusted; only from the last message on after appends. */
    private static void checkReads(FolderSnapshot previous, Round<Kind> round, long read, long size) {
        boolean timesTrusted = !previous.validity().contains(" - ");
        if (round.ops().isEmpty() && timesTrusted) {
            assertThat(read).as("bytes read of an unchanged file").isZero();
        }
        List<MessageMeta> metas = previous.metas();
        if (!round.ops().isEmpty() && round.ops().stream().allMatch(op -> appendsOnly(op.kind())) && !metas.isEmpty()) {
            long lastOffset = MboxKey.parse(metas.get(metas.size() - 1).key()).offset();
            if (lastOffset > 3) {
                assertThat(read).as("bytes read of a file appended to").isEqualTo(size - lastOffset);
            }
        }
    }

    private static boolean appendsOnly(Kind kind) {
        return kind == Kind.DELIVER || kind == Kind.APPEND_OURS;
    }

    @Provide
    Arbitrary<List<Round<Kind>>> rounds() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(4, Kind.DELIVER), Tuple.of(3, Kind.APPEND_OURS),
                Tuple.of(1, Kind.DELETE), Tuple.of(2, Kind.REFLAG_IN_PLACE), Tuple.of(2, Kind.RETITLE_IN_PLACE),
                Tuple.of(1, Kind.CONTINUE_LAST), Tuple.of(1, Kind.TRUNCATE_AND_REGROW), Tuple.of(1, Kind.REPLACE));
        Arbitrary<Round<Kind>> round = round(kinds, 31, 5).map(MboxIncrementalIndexProperties::withoutGrowthBesideInPlaceRewrites);
        return IncrementalIndexRounds.rounds(round);
    }

    /** The round without the ops that grow the file if it also rewrites in place: see the class comment. */
    private static Round<Kind> withoutGrowthBesideInPlaceRewrites(Round<Kind> round) {
        if (round.ops().stream().noneMatch(op -> op.kind() == Kind.REFLAG_IN_PLACE || op.kind() == Kind.RETITLE_IN_PLACE)) {
            return round;
        }
        return new Round<>(round.ops().stream().filter(op -> !GROWING.contains(op.kind())).toList(), round.settled());
    }

    /** Changes an mbox file the way MDAs, mail programs and mailsync do. */
    private static final class Changes {
        private final MboxFormat format;
        private final Path box;
        private int counter;

        Changes(MboxFormat format, Path box) {
            this.format = format;
            this.box = box;
        }

        void apply(Op<Kind> op) throws IOException, StoreException {
            switch (op.kind()) {
                case DELIVER -> append(stored(op));
                case APPEND_OURS -> format.append(box, new ByteArrayInputStream(("Subject: subject " + nextId()
                        + "\nMessage-ID: <" + counter + "@example.org>\n\nours\nFrom here\n").getBytes(StandardCharsets.US_ASCII)),
                        flags(op.bits()), null);
                case DELETE -> {
                    List<MessageMeta> index = format.index(box);
                    if (!index.isEmpty()) {
                        format.delete(box, List.of(index.get(op.target() % index.size()).key()));
                    }
                }
                case REFLAG_IN_PLACE -> replaceInPlace(X_STATUS, op, "AFDT".substring(op.bits() % 4, op.bits() % 4 + 1));
                case RETITLE_IN_PLACE -> replaceInPlace(SUBJECT_ID, op, nextId());
                case CONTINUE_LAST -> {
                    if (Files.size(box) > 0) { // an empty file with a line in it would be no mbox at all
                        append("a line the last message gains\n");
                    }
                }
                case TRUNCATE_AND_REGROW -> {
                    long size = Files.size(box);
                    if (size == 0) {
                        append(stored(op));
                        return;
                    }
                    try (FileChannel ch = FileChannel.open(box, StandardOpenOption.WRITE)) {
                        ch.truncate(size / 2 + op.target() % Math.max(1, size - size / 2));
                    }
                    append("\n\n" + stored(op) + stored(op) + stored(op));
                }
                case REPLACE -> {
                    Path other = box.resolveSibling("replacement");
                    Files.writeString(other, stored(op) + stored(op), StandardCharsets.US_ASCII);
                    Files.move(other, box, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }

        private String stored(Op<Kind> op) {
            String id = nextId();
            return MboxIncrementalIndexTest.SEPARATOR + "From: Alice <alice@example.org>\nSubject: subject " + id + "\nMessage-ID: <"
                    + id + "@example.org>\nX-Status: " + "AFDT".charAt(op.bits() % 4) + "\n\nbody of " + id + "\n"
                    + "x\n".repeat(op.target() % 5) + "\n";
        }

        private void append(String text) throws IOException {
            Files.writeString(box, text, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        }

        /** Replaces group 1 of one match by a value of the same length, in place, maybe with the old mtime. */
        private void replaceInPlace(Pattern pattern, Op<Kind> op, String value) throws IOException {
            String text = Files.readString(box, StandardCharsets.US_ASCII);
            List<Integer> starts = new ArrayList<>();
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                starts.add(m.start(1));
            }
            if (starts.isEmpty()) {
                return;
            }
            FileTime mtime = Files.getLastModifiedTime(box);
            int at = starts.get(op.target() % starts.size());
            try (FileChannel ch = FileChannel.open(box, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)), at);
            }
            if (op.restoreMtime()) {
                Files.setLastModifiedTime(box, mtime);
            }
        }

        private String nextId() {
            return String.format("m%04d", ++counter);
        }
    }
}
