package org.mailsync.store.maildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.StoredFlags;
import org.mailsync.store.local.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Maildir folder's keyword names, as Dovecot keeps them in {@code dovecot-keywords}
 * (https://doc.dovecot.org/admin_manual/mailbox_formats/maildir/, "IMAP keywords"): lines
 * {@code N name} with N from 0 to 25, keyword N being the lower-case letter {@code 'a' + N} in
 * a message file's {@code :2,} info. A letter without a name means nothing and is ignored (and
 * kept in file names as it is); so are lines that are not of that form, as Dovecot ignores them.
 *
 * <p>New names are added the way Dovecot's {@code maildir-keywords.c} does: the new file is
 * written as the dot-lock {@code dovecot-keywords.lock} (created exclusively, so two writers
 * never both write), synced and renamed over {@code dovecot-keywords}; the file is read again
 * under that lock, so that a name another program added meanwhile is kept. Its mtime is made
 * to grow, as Dovecot notices a changed file by its mtime in whole seconds. With all 26
 * letters taken a keyword has no letter and cannot be kept.
 */
final class MaildirKeywords {

    private static final Logger LOG = LoggerFactory.getLogger(MaildirFormat.class);

    static final String FILE = "dovecot-keywords";
    static final String LOCK = FILE + ".lock";

    /** Letters {@code a} to {@code z}: Dovecot's {@code MAILDIR_MAX_KEYWORDS}. */
    static final int MAX = 26;

    /** Dovecot's stale timeout for this lock: a lock file older than this is a crashed writer's. */
    private static final Duration STALE = Duration.ofSeconds(60);
    /** How long to wait for another writer's lock; writers hold it for one small write. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String[] names;

    private MaildirKeywords(String[] names) {
        this.names = names;
    }

    /** The folder's keyword names; none when it has no {@code dovecot-keywords}. */
    static MaildirKeywords read(Path folder) throws IOException {
        try {
            return parse(Files.readAllBytes(folder.resolve(FILE)));
        } catch (NoSuchFileException e) {
            return new MaildirKeywords(new String[MAX]);
        }
    }

    /** Parses a {@code dovecot-keywords} file's content (UTF-8, as Dovecot writes keywords). */
    static MaildirKeywords parse(byte[] content) {
        String[] names = new String[MAX];
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1 || space > 2) {
                continue;
            }
            int n = number(line.substring(0, space));
            if (n >= 0 && n < MAX) {
                names[n] = line.substring(space + 1);
            }
        }
        return new MaildirKeywords(names);
    }

    private static int number(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }

    /** The keywords of a file name's info letters; letters without a name are left out. */
    Set<String> keywordsOf(String fileName) {
        Set<String> keywords = new TreeSet<>();
        for (char letter : MaildirInfo.letters(fileName).toCharArray()) {
            String name = letter >= 'a' && letter <= 'z' ? names[letter - 'a'] : null;
            if (name != null) {
                keywords.add(name);
            }
        }
        return keywords;
    }

    /** Every letter whose name is this keyword, ignoring case (a hand-made file may name one twice). */
    Set<Character> lettersOf(String keyword) {
        Set<Character> letters = new TreeSet<>();
        String folded = StoredFlags.fold(keyword);
        for (int i = 0; i < MAX; i++) {
            if (names[i] != null && StoredFlags.fold(names[i]).equals(folded)) {
                letters.add((char) ('a' + i));
            }
        }
        return letters;
    }

    /** The letter of a keyword, or 0 when it has none. */
    char letterOf(String keyword) {
        Set<Character> letters = lettersOf(keyword);
        return letters.isEmpty() ? 0 : letters.iterator().next();
    }

    /**
     * The letters of these keywords, giving a free letter to each one that has none yet and
     * writing the new names to the file. A keyword no letter is left for is dropped with a
     * warning naming the folder and the keyword; so is one that cannot be a name in the file.
     *
     * @return the letters by keyword, only those that have one
     */
    static Map<String, Character> allocate(Path folder, Collection<String> keywords) throws IOException {
        List<String> storable = new ArrayList<>();
        for (String keyword : keywords) {
            if (storable(keyword)) {
                storable.add(keyword);
            } else {
                LOG.warn("maildir {}: keyword \"{}\" cannot be kept in {}; dropped", folder, keyword, FILE);
            }
        }
        Map<String, Character> letters = read(folder).lettersFor(storable);
        if (letters.size() == storable.size()) {
            return letters;
        }
        try (Lock lock = Lock.take(folder)) {
            MaildirKeywords now = read(folder); // another writer may have added names meanwhile
            String[] names = now.names.clone();
            for (String keyword : storable) {
                if (now.letterOf(keyword) == 0 && !nameTaken(names, keyword)) {
                    int free = Arrays.asList(names).indexOf(null);
                    if (free < 0) {
                        LOG.warn("maildir {}: all {} keyword letters of {} are taken; keyword \"{}\" dropped",
                                folder, MAX, FILE, keyword);
                    } else {
                        names[free] = keyword;
                    }
                }
            }
            MaildirKeywords updated = new MaildirKeywords(names);
            if (!Arrays.equals(names, now.names)) {
                lock.replace(folder, updated.render());
            }
            return updated.lettersFor(storable);
        }
    }

    private Map<String, Character> lettersFor(Collection<String> keywords) {
        Map<String, Character> letters = new LinkedHashMap<>();
        for (String keyword : keywords) {
            char letter = letterOf(keyword);
            if (letter != 0) {
                letters.put(keyword, letter);
            }
        }
        return letters;
    }

    private static boolean nameTaken(String[] names, String keyword) {
        return new MaildirKeywords(names).letterOf(keyword) != 0;
    }

    /** A name the file can hold: not empty, on one line. */
    private static boolean storable(String keyword) {
        return !keyword.isEmpty() && keyword.chars().noneMatch(c -> c == '\n' || c == '\r' || c == '\0');
    }

    /** The file's content: {@code N name} lines in letter order, as Dovecot writes it. */
    byte[] render() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < MAX; i++) {
            if (names[i] != null) {
                text.append(i).append(' ').append(names[i]).append('\n');
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Dovecot's dot-lock of the file, which is also the new file until it is renamed into place. */
    private static final class Lock implements AutoCloseable {
        private final Path path;
        private boolean renamed;

        private Lock(Path path) {
            this.path = path;
        }

        static Lock take(Path folder) throws IOException {
            Path lock = folder.resolve(LOCK);
            Instant deadline = Instant.now().plus(WAIT);
            while (true) {
                try {
                    PrivateFiles.createFile(lock);
                    return new Lock(lock);
                } catch (FileAlreadyExistsException held) {
                    removeIfStale(lock);
                    if (Instant.now().isAfter(deadline)) {
                        throw new IOException(lock + " is held by another program; gave up after " + WAIT.toSeconds() + " s");
                    }
                    pause();
                }
            }
        }

        private static void removeIfStale(Path lock) throws IOException {
            try {
                Instant changed = Files.getLastModifiedTime(lock).toInstant();
                if (changed.plus(STALE).isBefore(Instant.now())) {
                    LOG.warn("removing the stale lock {} (older than {} s)", lock, STALE.toSeconds());
                    Files.deleteIfExists(lock);
                }
            } catch (NoSuchFileException gone) {
                // released meanwhile: try again
            }
        }

        private static void pause() throws IOException {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a keyword lock", e);
            }
        }

        /** Writes the new content into the lock file and renames it over {@code dovecot-keywords}. */
        void replace(Path folder, byte[] content) throws IOException {
            Path file = folder.resolve(FILE);
            try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(true);
            }
            try {
                FileTime before = Files.getLastModifiedTime(file);
                FileTime written = Files.getLastModifiedTime(path);
                if (written.toMillis() / 1000 <= before.toMillis() / 1000) {
                    Files.setLastModifiedTime(path, FileTime.fromMillis((before.toMillis() / 1000 + 1) * 1000));
                }
            } catch (NoSuchFileException first) {
                // the folder's first keyword: no mtime to outgrow
            }
            Files.move(path, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
        }

        @Override
        public void close() throws IOException {
            if (!renamed) {
                Files.deleteIfExists(path);
            }
        }
    }
}
