package org.mailsync.store.maildir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.FileStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a Maildir's messages and indexes them, reading a message's header only when no earlier
 * snapshot vouches for it: the reading half of {@link MaildirFormat}.
 *
 * <p>A listing is one {@code readdir} of {@code new/} and {@code cur/} and one stat per file
 * ({@link FileStamp}: device, inode, size, mtime and ctime in ns, through the {@code unix}
 * attribute view, the only one with the ctime; about 1.5 µs per file more than
 * {@code BasicFileAttributes}, measured in {@link FileStamp}). A snapshot entry is reused when
 * its key is still there with exactly that stamp; its flags and keywords are taken from the
 * current file name all the same, since a flag change is a rename and names are read anyway,
 * the keywords' names from {@code dovecot-keywords}, read on every index ({@link MaildirKeywords}):
 * a few hundred bytes, and renaming a keyword there changes no message file. Entries
 * without a stamp (files changed within the {@linkplain FileStamp#SETTLE_TIME settle time}
 * before the index) are read again next time.
 *
 * <p>Measured on 100,000 messages with 1.8 KB headers (ext4, warm cache, a loaded two-core
 * VM): reading every header takes about 9 s and its index holds 223 MB; the first snapshot
 * takes as long but holds 39 MB (essential fields only); an index with a snapshot that still
 * holds for every message opens no file and takes about 1 s, the listing's stats most of it.
 *
 * <p>Safe for concurrent use on different folders: the only shared state is the
 * {@link MaildirLocations} hints and a read counter.
 */
final class MaildirScan {

    /** The validity of every Maildir snapshot: its entries carry everything there is to check. */
    static final String VALIDITY = "maildir/1";

    private static final Logger LOG = LoggerFactory.getLogger(MaildirFormat.class);

    /** One message file of a listing, with its stat. */
    record Found(Path file, FileStamp stamp) {
    }

    private final MaildirLocations locations;
    private final Duration settle;
    private final LongAdder headersRead = new LongAdder();

    MaildirScan(MaildirLocations locations, Duration settle) {
        this.locations = locations;
        this.settle = settle;
    }

    /**
     * Every message file of the folder by key, remembered in {@link MaildirLocations}. Names
     * starting with a dot are skipped, as the spec tells readers to, and so is what is not a
     * regular file or is gone by the time it is looked at (moved: the listing of {@code cur/}
     * finds it again).
     */
    Map<String, Found> list(Path folder) throws IOException {
        Map<String, Found> found = new HashMap<>();
        Map<String, Path> files = new ConcurrentHashMap<>();
        // new/ first so that a message found in both (a copy left behind by a crashed reader)
        // is read from cur/, where its flags are.
        for (String sub : List.of(MaildirFormat.NEW, MaildirFormat.CUR)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.resolve(sub))) {
                for (Path entry : entries) {
                    String fileName = entry.getFileName().toString();
                    if (fileName.startsWith(".")) {
                        continue;
                    }
                    FileStamp stamp;
                    try {
                        stamp = FileStamp.of(entry);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    if (!stamp.regularFile()) {
                        continue;
                    }
                    String key = UniqueNames.of(fileName);
                    Found previous = found.put(key, new Found(entry, stamp));
                    files.put(key, entry);
                    if (previous != null) {
                        LOG.warn("maildir {}: message {} is stored twice ({} and {}); using the latter",
                                folder, key, previous.file(), entry);
                    }
                }
            }
        }
        locations.remember(folder, files);
        return found;
    }

    /**
     * Indexes the folder once, in delivery order.
     *
     * @param previous   a snapshot whose entries may be reused, or null to read every message
     * @param essentials whether to keep only {@link HeaderBlock#essentials} of the headers read
     *                   (snapshots) or the whole header block (the plain index)
     * @throws NoSuchFileException if a file moved between the listing and its reading: the
     *                             caller lists again
     */
    FolderSnapshot index(Path folder, FolderSnapshot previous, boolean essentials) throws IOException {
        Instant start = Instant.now();
        Map<String, FolderSnapshot.Entry> reusable = reusableEntries(previous);
        Map<String, Found> found = list(folder);
        MaildirKeywords names = MaildirKeywords.read(folder);
        List<String> keys = UniqueNames.inDeliveryOrder(found.keySet());
        List<FolderSnapshot.Entry> entries = new ArrayList<>(keys.size());
        for (String key : keys) {
            Found f = found.get(key);
            String stamp = f.stamp().messageStamp(start, settle);
            FolderSnapshot.Entry old = reusable.get(key);
            byte[] header;
            if (old != null && stamp != null && stamp.equals(old.stamp())) {
                header = old.meta().header();
            } else {
                header = readHeader(f.file());
                if (essentials) {
                    header = HeaderBlock.essentials(header);
                }
            }
            Instant mtime = f.stamp().modified().toInstant().truncatedTo(ChronoUnit.SECONDS);
            String fileName = f.file().getFileName().toString();
            MessageMeta meta = new MessageMeta(key, f.stamp().size(), MaildirInfo.flagsOf(fileName), mtime, header,
                    names.keywordsOf(fileName));
            entries.add(new FolderSnapshot.Entry(meta, stamp));
        }
        return new FolderSnapshot(VALIDITY, entries);
    }

    /** The stamped entries of a snapshot this scan made, by key; none of anyone else's. */
    private static Map<String, FolderSnapshot.Entry> reusableEntries(FolderSnapshot previous) {
        if (previous == null || !VALIDITY.equals(previous.validity())) {
            return Map.of();
        }
        Map<String, FolderSnapshot.Entry> byKey = new HashMap<>(previous.entries().size() * 2);
        for (FolderSnapshot.Entry entry : previous.entries()) {
            if (entry.stamp() != null) {
                byKey.put(entry.meta().key(), entry);
            }
        }
        return byKey;
    }

    /**
     * The header block up to and including the empty line that ends it (as IMAP's
     * BODY[HEADER] has it), never past {@link MaildirFormat#HEADER_LIMIT}: a message without a
     * body or with a runaway header yields what was read.
     */
    byte[] readHeader(Path file) throws IOException {
        headersRead.increment();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            return HeaderBlock.readHeaderBytes(in, MaildirFormat.HEADER_LIMIT);
        }
    }

    /** How many message files this scan has opened: what a test of the reuse counts. */
    long headersRead() {
        return headersRead.sum();
    }
}
