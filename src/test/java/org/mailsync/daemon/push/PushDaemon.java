package org.mailsync.daemon.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.mailsync.daemon.MailsyncDaemon;
import org.mailsync.report.Console;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.testkit.MailFolders;

/**
 * A daemon in this JVM for the push tests: a local Maildir store {@code Mail/} and a Dovecot
 * user, synced by channel {@code sync} with the options a test gives; and what those tests
 * watch: the local INBOX, the run log, mail delivered by another client.
 */
final class PushDaemon implements AutoCloseable {

    private final DovecotExtension dovecot;
    private final String user;
    private final Path home;
    private final MailsyncDaemon daemon;

    PushDaemon(DovecotExtension dovecot, Path home, String... channelOptions) throws Exception {
        this.dovecot = dovecot;
        this.home = home;
        this.user = dovecot.newUser();
        var config = dovecot.channelConfig(user).localFormat("maildir");
        for (String option : channelOptions) {
            config.channelOption(option);
        }
        config.writeTo(home.resolve(".mailsync"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        daemon = new MailsyncDaemon(new MailsyncDaemon.Options(home.resolve(".mailsync"), home, null, null, "127.0.0.1",
                runLog(), new Console(quiet, quiet), null));
    }

    PushDaemon start() throws Exception {
        daemon.start();
        return this;
    }

    Path runLog() {
        return home.resolve("runs.jsonl");
    }

    /** The run log's lines. */
    List<String> runs() throws IOException {
        return Files.exists(runLog()) ? Files.readAllLines(runLog()) : List.of();
    }

    /** Message-IDs in the local INBOX (a Maildir once the first run made it). */
    List<String> localInbox() throws IOException {
        Path inbox = home.resolve("Mail/INBOX");
        return Files.isDirectory(inbox.resolve("cur")) ? MailFolders.maildirIds(inbox) : List.of();
    }

    /** Another client delivers a message to the server's INBOX, on a connection of its own. */
    void deliver(String id) throws Exception {
        ImapStore other = dovecot.store(user, "/notls", "other");
        try {
            other.append("INBOX", new ByteArrayInputStream(MailFolders.message(id).getBytes(StandardCharsets.ISO_8859_1)),
                    Set.of(), null);
        } finally {
            other.close();
        }
    }

    /** Waits for a condition, polling every 100 ms; returns how long it took. */
    static Duration await(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        long start = System.nanoTime();
        while (!condition.call()) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).as("waited for " + what).isLessThan(limit);
            Thread.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        daemon.shutdown();
    }
}
