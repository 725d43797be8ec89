package org.mailsync.store.mh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.FileStamp;

/**
 * Indexes an MH folder, reading a message file only when no earlier snapshot vouches for it:
 * the reading half of {@link MhFormat}.
 *
 * <p>A listing is one {@code readdir} and one stat per message file ({@link FileStamp}). A
 * snapshot entry is reused, key and header, when the file of its message number still has
 * exactly its stamp: the key's size and header checksum ({@link MhKey}) are then those of the
 * file. A message renumbered by {@code folder -pack}, {@code sortm} or {@code refile} is a file
 * renamed, so its ctime moves and it is read again under its new number. Flags and keywords are never
 * reused: {@code .mh_sequences} is read on every index, as it is small and changes without any
 * message file changing.
 *
 * <p>Safe for concurrent use on different folders: its only shared state is a read counter.
 */
final class MhIndex {

    /** The validity of every MH snapshot: its entries carry everything there is to check. */
    static final String VALIDITY = "mh/1";

    private final Duration settle;
    private final LongAdder headersRead = new LongAdder();

    MhIndex(Duration settle) {
        this.settle = settle;
    }

    /**
     * The folder's messages in numeric order.
     *
     * @param previous   a snapshot whose entries may be reused, or null to read every message
     * @param essentials whether to keep only {@link HeaderBlock#essentials} of the headers read
     *                   (snapshots) or the whole header block (the plain index)
     */
    FolderSnapshot index(Path folder, FolderSnapshot previous, boolean essentials) throws IOException {
        Instant start = Instant.now();
        Map<Integer, FolderSnapshot.Entry> reusable = reusableEntries(previous);
        MhSequences seqs = readSequencesShared(folder);
        List<FolderSnapshot.Entry> entries = new ArrayList<>();
        for (Map.Entry<Integer, FileStamp> listed : list(folder).entrySet()) {
            int n = listed.getKey();
            FileStamp stat = listed.getValue();
            String stamp = stat.messageStamp(start, settle);
            FolderSnapshot.Entry old = reusable.get(n);
            String key;
            long size;
            byte[] header;
            if (old != null && stamp != null && stamp.equals(old.stamp())) {
                key = old.meta().key();
                size = stat.size();
                header = old.meta().header();
            } else {
                headersRead.increment();
                // Size and header from the one opened file, so that the key checks against it.
                try (FileChannel ch = FileChannel.open(folder.resolve(Integer.toString(n)), StandardOpenOption.READ)) {
                    size = ch.size();
                    header = MhFormat.readHeader(Channels.newInputStream(ch));
                } catch (NoSuchFileException e) {
                    continue; // removed by someone else since we listed the folder: it is gone
                }
                key = MhKey.of(n, size, header).toString();
                if (essentials) {
                    header = HeaderBlock.essentials(header);
                }
            }
            Instant date = Instant.ofEpochSecond(stat.modified().to(TimeUnit.SECONDS));
            entries.add(new FolderSnapshot.Entry(new MessageMeta(key, size, MhFlags.of(seqs, n), date, header,
                    MhFlags.keywordsOf(seqs, n)), stamp));
        }
        return new FolderSnapshot(VALIDITY, entries);
    }

    /** The stamped entries of a snapshot this class made, by message number; none of anyone else's. */
    private static Map<Integer, FolderSnapshot.Entry> reusableEntries(FolderSnapshot previous) {
        if (previous == null || !VALIDITY.equals(previous.validity())) {
            return Map.of();
        }
        Map<Integer, FolderSnapshot.Entry> byNumber = new HashMap<>();
        for (FolderSnapshot.Entry entry : previous.entries()) {
            MhKey k = MhKey.parse(entry.meta().key());
            if (k != null && entry.stamp() != null) {
                byNumber.put(k.number(), entry);
            }
        }
        return byNumber;
    }

    /** The message files by number, in numeric order, each with its stat; regular files only. */
    private static Map<Integer, FileStamp> list(Path folder) throws IOException {
        Map<Integer, FileStamp> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                int n = MhFormat.messageNumber(entry.getFileName().toString());
                if (n <= 0) {
                    continue;
                }
                try {
                    FileStamp stat = FileStamp.of(entry);
                    if (stat.regularFile()) {
                        files.put(n, stat);
                    }
                } catch (NoSuchFileException e) {
                    // removed since the readdir: not a message any more
                }
            }
        }
        return files;
    }

    /** How many message files this index has opened: what a test of the reuse counts. */
    long headersRead() {
        return headersRead.sum();
    }

    /**
     * Reads {@code .mh_sequences} under a shared fcntl lock, so that a file nmh is rewriting in
     * place is not read half-written. A shared lock changes nothing on disk.
     */
    private static MhSequences readSequencesShared(Path folder) throws IOException {
        Path file = folder.resolve(MhFormat.SEQUENCES);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock shared;
            try {
                shared = ch.lock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException heldInThisJvm) {
                // Only mailsync itself locks it in this JVM, and mailsync replaces the file by
                // rename, never in place: what this channel reads is whole without a lock.
                return MhSequences.parse(readAll(ch));
            }
            try (shared) {
                return MhSequences.parse(readAll(ch));
            }
        } catch (NoSuchFileException e) {
            return MhSequences.empty();
        }
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        ch.position(0);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }
}
