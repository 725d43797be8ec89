package org.mailsync.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.mbox.MboxFormat;

/**
 * The third-party messages copied into {@code src/test/resources/corpus} (see SOURCES.md there):
 * which files are mail, and the messages each holds.
 *
 * <p>A file that our {@link MboxFormat} recognises (it starts with {@code From }, maybe after a
 * UTF-8 byte order mark) is an mbox and is split by our reader, through a read-only
 * {@link LocalStore} over its directory; any other mail file is one message, taken byte for byte.
 * Licence texts, READMEs, the ponymail yaml oracles and MimeKit's offset/summary oracles are not
 * mail.
 */
final class Corpus {

    /** One message as the corpus holds it. */
    record Message(String label, byte[] bytes, Set<Flag> flags, Instant internalDate, MessageMeta sourceMeta) {
    }

    /** A mail file, by its path below the corpus folder ({@code <source>/<upstream path>}). */
    record MailFile(String path, boolean mbox) {
        String source() {
            return path.substring(0, path.indexOf('/'));
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private static final Set<String> NOT_MAIL = Set.of("LICENSE", "NOTICE", "COPYING", "COPYING.MIT",
            "UPSTREAM-README.md", "SOURCES.md");

    private Corpus() {
    }

    /** The corpus folder inside the test class path. */
    static Path root() {
        try {
            return Path.of(Corpus.class.getResource("/corpus/SOURCES.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** Every mail file of the corpus, in path order. */
    static List<MailFile> mailFiles() {
        Path root = root();
        MboxFormat mbox = new MboxFormat();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> isMail(root.relativize(p)))
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
                    .map(p -> new MailFile(root.relativize(p).toString().replace('\\', '/'), mbox.isFolder(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isMail(Path relative) {
        String name = relative.getFileName().toString();
        if (relative.getNameCount() < 2 || NOT_MAIL.contains(name)) {
            return false;
        }
        return !name.endsWith(".json") && !name.endsWith(".yaml") && !name.endsWith("-summary.txt");
    }

    /** The messages of one mail file, in file order. */
    static List<Message> messages(MailFile file) throws IOException, StoreException {
        Path p = path(file.path());
        if (!file.mbox()) {
            return List.of(new Message(file.path(), Files.readAllBytes(p), Set.of(), null, null));
        }
        List<Message> out = new ArrayList<>();
        try (LocalStore store = new LocalStore("corpus", p.getParent(), List.of(new MboxFormat()), new MboxFormat())) {
            String folder = p.getFileName().toString();
            List<MessageMeta> metas = store.index(folder);
            for (int i = 0; i < metas.size(); i++) {
                MessageMeta meta = metas.get(i);
                try (InputStream in = store.open(folder, meta.key())) {
                    out.add(new Message(file.path() + "#" + i, in.readAllBytes(), meta.flags(), meta.internalDate(), meta));
                }
            }
        }
        return out;
    }
}
