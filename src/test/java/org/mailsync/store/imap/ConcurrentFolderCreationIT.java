package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.FolderInfo;

/**
 * Two connections creating the same folder at the same moment (two folder pairs of one run, or
 * the trash of two pairs, or another client) both succeed: the one whose CREATE the server
 * refuses because the folder now exists ({@code NO [ALREADYEXISTS]}) takes it as done, instead
 * of failing its folder pair.
 */
class ConcurrentFolderCreationIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @Test
    void aFolderCreatedMeanwhileByAnotherConnectionCountsAsCreated() throws Exception {
        String user = DOVECOT.newUser();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ImapStore one = DOVECOT.store(user, "/notls", "one"); ImapStore two = DOVECOT.store(user, "/notls", "two")) {
            one.listFolders("*");
            two.listFolders("*");
            for (int round = 0; round < 25; round++) {
                String folder = "race" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> both = new ArrayList<>();
                for (ImapStore store : List.of(one, two)) {
                    both.add(pool.submit(() -> {
                        together.await();
                        store.createFolder(folder);
                        return null;
                    }));
                }
                for (Future<?> f : both) {
                    f.get(); // a failure of either would be rethrown here
                }
            }
            assertThat(one.listFolders("race*")).extracting(FolderInfo::name).hasSize(25);
        } finally {
            pool.shutdownNow();
        }
    }
}
