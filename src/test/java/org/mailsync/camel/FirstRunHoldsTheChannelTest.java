package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.maildirIds;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.mboxIds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;
import org.mailsync.assembly.ChannelBusyException;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SqliteSyncStateFactory;
import org.mailsync.msinfo.SyncState;
import org.mailsync.msinfo.SyncStateFactory;
import org.mailsync.report.RunReport;

/**
 * A channel's very first run holds the channel like any other: a second request that arrives
 * while the first run is still creating the channel's state database finds the channel busy,
 * and is not run beside it.
 *
 * <p>The moment is made to last: {@link org.mailsync.msinfo.MsinfoRepository#open} first
 * creates the msinfo file empty (mode 0600) and SQLite writes its header only at the first
 * write, when Flyway migrates the schema (about half a second on a cold JVM). The state bound
 * here does that first step itself and holds the run there until the second request is done.
 */
class FirstRunHoldsTheChannelTest extends RouteSetTestSupport {

    private final CountDownLatch creating = new CountDownLatch(1);
    private final CountDownLatch proceed = new CountDownLatch(1);

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        super.bindToRegistry(registry);
        registry.bind(SyncStateFactory.BEAN_NAME, new SyncStateFactory() {
            private final SqliteSyncStateFactory sqlite = new SqliteSyncStateFactory();
            private final AtomicBoolean first = new AtomicBoolean(true);

            @Override
            public SyncState open(String channel, Path file, boolean readOnly) throws MsinfoException {
                if (!readOnly && first.getAndSet(false)) {
                    createPrivately(file);
                    creating.countDown();
                    await(proceed);
                }
                return sqlite.open(channel, file, readOnly);
            }
        });
    }

    @Test
    void aRequestDuringTheFirstRunFindsTheChannelBusy() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        mbox(archive.resolve("inbox"), "b1");
        CompletableFuture<Exchange> firstRun = CompletableFuture.supplyAsync(() -> request(uri("backup", ""), Map.of()));
        try {
            assertThat(creating.await(10, TimeUnit.SECONDS)).as("the first run reached its state").isTrue();

            Exchange second = request(uri("backup", ""), Map.of());

            assertThat(second.getException())
                    .as("the second request ran beside the first one, with %s; home holds %s",
                            second.getMessage().getBody(RunReport.class), names(home))
                    .isInstanceOf(ChannelBusyException.class)
                    .hasMessageContaining("another mailsync run is syncing this channel");
        } finally {
            proceed.countDown();
        }
        Exchange first = firstRun.get(10, TimeUnit.SECONDS);
        assertThat(first.getException()).isNull();
        assertThat(first.getMessage().getBody(RunReport.class).copied()).isEqualTo(2);
        assertThat(maildirIds(mail.resolve("inbox"))).containsExactly("a1", "b1");
        assertThat(mboxIds(archive.resolve("inbox"))).containsExactly("a1", "b1");
        assertThat(home.resolve(".msinfo.db")).as("one state database, at the configured path").doesNotExist();
    }

    /** What {@code MsinfoRepository.open} does first. */
    private static void createPrivately(Path file) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // not a first run
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not let the first run go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }
}
