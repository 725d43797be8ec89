package org.mailsync.store.maildir;

import static org.mailsync.store.local.IncrementalIndexRounds.flags;
import static org.mailsync.store.local.IncrementalIndexRounds.inTemporaryDirectory;
import static org.mailsync.store.local.IncrementalIndexRounds.noMoreReadsThanChanges;
import static org.mailsync.store.local.IncrementalIndexRounds.play;
import static org.mailsync.store.local.IncrementalIndexRounds.round;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.mailsync.store.Flag;
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
 * Whatever other programs do to a Maildir between two indexes (deliver, delete, re-flag, move
 * new mail to cur/, replace a file under its name, in place with the same size and its old
 * mtime or by a rename), an index with the last snapshot lists what a full index lists, and
 * reads no more message files than were touched (plus those too fresh to be trusted last time).
 */
class MaildirIncrementalIndexProperties {

    private static final Pattern ID = Pattern.compile("Message-ID: <(\\w{6})@");

    enum Kind { ADD, DELETE, REFLAG, MOVE_TO_CUR, REPLACE_IN_PLACE, REPLACE_BY_RENAME }

    @Property(tries = 30)
    void anIncrementalIndexListsWhatAFullOneDoes(@ForAll("rounds") List<Round<Kind>> rounds) throws Exception {
        inTemporaryDirectory("maildir-incremental", dir -> {
            MaildirFormat format = new MaildirFormat(false, Clock.systemUTC(), MaildirIncrementalIndexTest.SETTLE);
            Path box = dir.resolve("box");
            format.create(box);
            IncrementalIndexProbe probe = new IncrementalIndexProbe(format, box, format::headersRead);
            play(rounds, new Changes(box)::apply, MaildirIncrementalIndexTest::settle, probe, noMoreReadsThanChanges());
        });
    }

    @Provide
    Arbitrary<List<Round<Kind>>> rounds() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(4, Kind.ADD), Tuple.of(1, Kind.DELETE), Tuple.of(2, Kind.REFLAG),
                Tuple.of(1, Kind.MOVE_TO_CUR), Tuple.of(2, Kind.REPLACE_IN_PLACE), Tuple.of(1, Kind.REPLACE_BY_RENAME));
        return IncrementalIndexRounds.rounds(round(kinds, 63, 6));
    }

    /** Changes a Maildir the way other programs do, with plain file operations. */
    private static final class Changes {
        private final Path box;
        private int counter;

        Changes(Path box) {
            this.box = box;
        }

        void apply(Op<Kind> op) throws IOException {
            List<Path> files = files();
            if (op.kind() == Kind.ADD || files.isEmpty()) {
                add(op);
                return;
            }
            Path file = files.get(op.target() % files.size());
            String unique = UniqueNames.of(file.getFileName().toString());
            switch (op.kind()) {
                case DELETE -> Files.delete(file);
                case REFLAG -> Files.move(file, box.resolve("cur").resolve(unique + MaildirInfo.infoOf(flags(op.bits()))));
                case MOVE_TO_CUR -> {
                    String info = file.getFileName().toString().substring(unique.length());
                    Files.move(file, box.resolve("cur").resolve(unique + (info.isEmpty() ? ":2," : info)));
                }
                case REPLACE_IN_PLACE -> replaceInPlace(file, op.restoreMtime());
                case REPLACE_BY_RENAME -> {
                    Path tmp = Files.write(box.resolve("tmp").resolve("replacement"), message(nextId(), op.bits()));
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }

        private void add(Op<Kind> op) throws IOException {
            String unique = "1700000000.M" + (++counter) + "P7.props";
            Set<Flag> flags = flags(op.bits());
            Path target = flags.isEmpty() && op.restoreMtime() ? box.resolve("new").resolve(unique)
                    : box.resolve("cur").resolve(unique + MaildirInfo.infoOf(flags));
            Files.write(target, message(nextId(), op.target() % 40));
        }

        /** Another message of exactly the same length, same inode, and maybe the old mtime put back. */
        private void replaceInPlace(Path file, boolean restoreMtime) throws IOException {
            FileTime mtime = Files.getLastModifiedTime(file);
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            Matcher m = ID.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException(text);
            }
            Files.writeString(file, text.replace(m.group(1), nextId()), StandardCharsets.US_ASCII);
            if (restoreMtime) {
                Files.setLastModifiedTime(file, mtime);
            }
        }

        private String nextId() {
            return String.format("m%05d", ++counter);
        }

        private List<Path> files() throws IOException {
            List<Path> files = new ArrayList<>();
            for (String sub : List.of("new", "cur")) {
                try (Stream<Path> entries = Files.list(box.resolve(sub))) {
                    entries.forEach(files::add);
                }
            }
            files.sort(Comparator.comparing(Path::toString));
            return files;
        }

        private static byte[] message(String id, int bodyLines) {
            return ("From: a@example.org\nTo: b@example.org\nSubject: subject " + id + "\nMessage-ID: <" + id
                    + "@example.org>\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n\n" + "body line\n".repeat(bodyLines))
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }
}
