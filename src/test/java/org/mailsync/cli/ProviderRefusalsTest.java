package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.ScriptedImapProxy;

/**
 * What a provider's refusals of single messages do to a sync into its IMAP server (GreenMail
 * behind a {@link ScriptedImapProxy} that answers chosen APPENDs itself): {@code [TOOBIG]} and
 * {@code [OVERQUOTA]} skip that message with an error naming folder, message and reason, the
 * others are synced and the exit code is 2; after an {@code [OVERQUOTA]} a message at least as
 * big is not even sent; {@code [LIMIT]} is waited out and tried again, and the run succeeds; and
 * a store's {@code throttle} keeps the upload to its rate.
 */
class ProviderRefusalsTest {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@");

    /** On a free port: other builds on the machine may hold GreenMail's fixed 3143. */
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP.withPort(0))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));

    @TempDir
    Path home;

    /** What the proxy answers instead of the server, by the message's Message-ID local part; null: passed on. */
    private volatile Function<String, String> refusals = id -> null;
    private ScriptedImapProxy proxy;

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty("mailsync.retry.delay", "10");
        proxy = ScriptedImapProxy.start(GREENMAIL.getImap().getPort(), message -> refusals.apply(id(message)));
        Files.writeString(home.resolve(".mailsync"), """
                store local  { pat Mail/*  prefix Mail/ }
                store remote {
                    server {127.0.0.1:%1$d/user=alice/notls}
                    ref    {127.0.0.1:%1$d}
                    pat    *
                    passwd secret
                }
                channel sync local remote { msinfo .msinfo }
                """.formatted(proxy.port()));
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        System.clearProperty("mailsync.retry.delay");
    }

    @Test
    void tooBigSkipsThatMessageWithAClearErrorAndSyncsTheRest() throws Exception {
        maildir(home.resolve("Mail/INBOX"), "m1", "m2", "m3");
        refusals = id -> id.equals("m2") ? "NO [TOOBIG] Message too large for this server" : null;

        CliRun sync = CliRun.run(home, "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isEqualTo(2);
        assertThat(sync.err()).isEqualTo("Error: cannot copy message <m2@example.org> from local:Mail/INBOX to remote:INBOX:"
                + " remote: appending to INBOX failed on {127.0.0.1:" + proxy.port() + "/imap/notls/user=alice}:"
                + " the server refuses the message as too big ([TOOBIG] Message too large for this server)\n");
        assertThat(onServer()).containsExactlyInAnyOrder("m1", "m3");
        assertThat(ids(proxy.refused())).as("refused once, not retried").containsExactly("m2");

        refusals = id -> null;
        CliRun next = CliRun.run(home, "sync");

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(onServer()).containsExactlyInAnyOrder("m1", "m2", "m3");
    }

    @Test
    void overQuotaSkipsThatMessageAndNoBiggerOneIsSentAfterIt() throws Exception {
        maildir(home.resolve("Mail/INBOX"), "m1", "m3");
        // Of one size, so that whichever goes first, the other is at least as big.
        big(home.resolve("Mail/INBOX"), "big1", 50_000);
        big(home.resolve("Mail/INBOX"), "big2", 50_000);
        refusals = id -> id.startsWith("big") ? "NO [OVERQUOTA] Quota exceeded (mailbox for user is full)" : null;

        CliRun sync = CliRun.run(home, "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isEqualTo(2);
        assertThat(onServer()).as("the small ones still fit").containsExactlyInAnyOrder("m1", "m3");
        List<String> errors = sync.err().lines().toList();
        assertThat(errors).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("Error: cannot copy message <big").contains(" to remote:INBOX: remote: ")
                .contains("the mailbox is over its quota"));
        assertThat(proxy.refused()).as("after the first refusal, one as big was not uploaded").hasSize(1);
        assertThat(sync.err()).contains("([OVERQUOTA] Quota exceeded (mailbox for user is full))")
                .contains("was refused with [OVERQUOTA] moments ago; this one of");
    }

    @Test
    void limitIsWaitedOutAndTriedAgain() throws Exception {
        maildir(home.resolve("Mail/INBOX"), "m1", "m2", "m3");
        AtomicInteger limited = new AtomicInteger();
        refusals = id -> id.equals("m2") && limited.getAndIncrement() == 0 ? "NO [LIMIT] Too many commands, slow down" : null;

        CliRun sync = CliRun.run(home, "sync");

        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(sync.err()).isEmpty();
        assertThat(onServer()).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(ids(proxy.refused())).containsExactly("m2");
    }

    @Test
    void aThrottledStoreTakesTheMessagesNoFasterThanItsRate() throws Exception {
        Files.writeString(home.resolve(".mailsync"), Files.readString(home.resolve(".mailsync"))
                .replace("passwd secret", "passwd secret\n    throttle 8k"));
        maildir(home.resolve("Mail/INBOX"));
        // A first run with nothing to copy, so that the measured one is not the JVM's first.
        assertThat(CliRun.run(home, "sync").exitCode()).isZero();
        for (String id : List.of("big1", "big2", "big3")) {
            big(home.resolve("Mail/INBOX"), id, 16 * 1024);
        }
        long start = System.nanoTime();

        CliRun sync = CliRun.run(home, "sync");

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(sync.exitCode()).as(sync.toString()).isZero();
        assertThat(onServer()).containsExactlyInAnyOrder("big1", "big2", "big3");
        // 48 KiB at 8 KiB/s is 6 s; only the last read (at most 16 KiB) does not wait. Unthrottled,
        // this run takes about 1.5 s.
        assertThat(millis).as("48 KiB at 8 KiB/s").isGreaterThanOrEqualTo(4_000);
    }

    /** A message of about {@code size} bytes in a Maildir's cur/. */
    private static void big(Path folder, String id, int size) throws Exception {
        String text = MailTree.message(id, "big " + id) + "x".repeat(76).concat("\n").repeat(size / 77);
        Files.writeString(folder.resolve("cur").resolve("1600000001." + id + ".test:2,S"), text, StandardCharsets.ISO_8859_1);
    }

    /** The Message-ID local parts of the messages in GreenMail's INBOX. */
    private static List<String> onServer() throws Exception {
        List<String> ids = new ArrayList<>();
        for (MimeMessage m : GREENMAIL.getReceivedMessages()) {
            String id = m.getMessageID();
            ids.add(id.substring(1, id.indexOf('@')));
        }
        return ids;
    }

    private static List<String> ids(List<String> messages) {
        return messages.stream().map(ProviderRefusalsTest::id).toList();
    }

    private static String id(String message) {
        Matcher m = MESSAGE_ID.matcher(message);
        return m.find() ? m.group(1) : "";
    }
}
