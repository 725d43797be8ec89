package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.store.local.EquivalentIndexes.assertEquivalent;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderSnapshot;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * One store serves several folder pairs synced at once, each from its own thread, never two
 * threads on one folder: for every kind of local store, threads that append, index (plainly and
 * with their last snapshot), read and delete on different folders of the same store at the same
 * time each end with exactly the messages they put there, and every incremental index lists
 * what a full one does.
 */
class StoresServeFoldersInParallelTest {

    private static final int FOLDERS_PER_STORE = 4;
    private static final int ROUNDS = 8;

    @TempDir
    Path dir;

    @Test
    void threadsOnDifferentFoldersOfOneStoreDoNotDisturbEachOther() throws Exception {
        List<MailStore> stores = List.of(
                new LocalStore("maildir", dir.resolve("maildir"), List.of(new MaildirFormat()), new MaildirFormat()),
                new LocalStore("mbox", dir.resolve("mbox"), List.of(new MboxFormat()), new MboxFormat()),
                new LocalStore("mh", dir.resolve("mh"), List.of(new MhFormat()), new MhFormat()),
                new MaildirPlusPlusStore("maildir++", dir.resolve("maildirpp")));
        List<Callable<Set<String>>> workers = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(stores.size() * FOLDERS_PER_STORE);
        for (MailStore store : stores) {
            for (int f = 0; f < FOLDERS_PER_STORE; f++) {
                String folder = "f" + f;
                store.createFolder(folder);
                workers.add(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return work(store, folder);
                });
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<Set<String>>> results = pool.invokeAll(workers, 5, TimeUnit.MINUTES);
            for (int i = 0; i < results.size(); i++) {
                MailStore store = stores.get(i / FOLDERS_PER_STORE);
                String folder = "f" + i % FOLDERS_PER_STORE;
                Set<String> expected = results.get(i).get();
                assertThat(ids(store.index(folder))).as("%s %s", store, folder).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(MailStore::close);
        }
    }

    /** One folder pair's traffic: the Message-IDs the folder must hold at the end. */
    private static Set<String> work(MailStore store, String folder) throws Exception {
        Set<String> kept = new TreeSet<>();
        FolderSnapshot previous = null;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < 3; i++) {
                String id = "<" + folder + "-" + round + "-" + i + "@" + store.hashCode() + ">";
                byte[] message = ("Message-ID: " + id + "\nSubject: " + folder + " " + round + "\n\nbody " + i + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                store.append(folder, new ByteArrayInputStream(message), i == 0 ? EnumSet.of(Flag.SEEN) : Set.of(), null);
                kept.add(id);
            }
            FolderSnapshot snapshot = store.index(folder, previous);
            List<MessageMeta> full = store.index(folder);
            assertEquivalent(snapshot.metas(), full);
            assertThat(full).hasSameSizeAs(kept);
            assertThat(ids(full)).isEqualTo(kept);
            MessageMeta first = full.get(0);
            try (InputStream in = store.open(folder, first.key())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                        .contains(HeaderBlock.parse(first.header()).first("Message-ID").strip());
            }
            MessageMeta victim = full.get(round % full.size());
            store.delete(folder, List.of(victim.key()));
            kept.remove(HeaderBlock.parse(victim.header()).first("Message-ID").strip());
            previous = snapshot;
        }
        return kept;
    }

    private static Set<String> ids(List<MessageMeta> index) {
        Set<String> ids = new TreeSet<>();
        for (MessageMeta meta : index) {
            ids.add(HeaderBlock.parse(meta.header()).first("Message-ID").strip());
        }
        return ids;
    }
}
