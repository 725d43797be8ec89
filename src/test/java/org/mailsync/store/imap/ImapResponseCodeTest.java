package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.iap.CommandFailedException;
import org.junit.jupiter.api.Test;
import org.mailsync.store.MessageRejectedException;
import org.mailsync.store.StoreException;
import org.mailsync.store.TransientStoreException;

/**
 * How a server's {@code NO} with a response code (RFC 5530, RFC 7889) is classified: a message
 * the server will not take is skipped on its own, a busy or limited server is asked again later,
 * and a quota refusal keeps larger messages from being sent for nothing.
 */
class ImapResponseCodeTest {

    private static final String APPEND = "remote: appending to INBOX failed on {127.0.0.1:143/imap}";

    /** What Angus throws for a tagged NO: a MessagingException around a CommandFailedException. */
    private static MessagingException no(String response) {
        return new MessagingException(response, new CommandFailedException(response));
    }

    @Test
    void tooBigOnAppendSkipsOnlyThatMessageAndSaysWhy() {
        StoreException e = ImapFailures.classify(APPEND, no("A7 NO [TOOBIG] Message too large"), true);

        assertThat(e).isInstanceOf(MessageRejectedException.class);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.scope()).isEqualTo(StoreException.Scope.MESSAGE);
        assertThat(e.getMessage()).isEqualTo(APPEND + ": the server refuses the message as too big ([TOOBIG] Message too large)");
    }

    @Test
    void overQuotaOnAppendSkipsOnlyThatMessage() {
        StoreException e = ImapFailures.classify(APPEND, no("A7 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"), true);

        assertThat(e).isInstanceOf(OverQuotaException.class).isInstanceOf(MessageRejectedException.class);
        assertThat(e.getMessage()).contains("the mailbox is over its quota").contains("[OVERQUOTA]");
    }

    @Test
    void limitAndUnavailableAreTransientWhateverTheCommand() {
        for (String response : new String[] {"A7 NO [LIMIT] Too many connections", "A7 NO [UNAVAILABLE] Try later",
                "A7 NO [INUSE] Mailbox locked", "A7 NO [limit] lower case too"}) {
            assertThat(ImapFailures.classify(APPEND, no(response), true)).as(response).isInstanceOf(TransientStoreException.class);
            assertThat(ImapFailures.classify("remote: LIST * failed", no(response), false)).as(response)
                    .isInstanceOf(TransientStoreException.class);
        }
    }

    @Test
    void overQuotaOutsideAnAppendFailsTheFolderNotAMessage() {
        StoreException e = ImapFailures.classify("remote: moving to Trash failed", no("A7 NO [OVERQUOTA] Quota exceeded"), false);

        assertThat(e).isNotInstanceOf(MessageRejectedException.class).isNotInstanceOf(TransientStoreException.class);
        assertThat(e.scope()).isEqualTo(StoreException.Scope.FOLDER);
    }

    @Test
    void aPlainNoToAnAppendStillRejectsTheMessageWithTheServersWords() {
        StoreException e = ImapFailures.classify(APPEND, no("A7 NO Invalid message"), true);

        assertThat(e).isInstanceOf(MessageRejectedException.class);
        assertThat(e.getMessage()).isEqualTo(APPEND + ": A7 NO Invalid message");
    }

    @Test
    void codesAreFoundAsAtomsInBracketsOnly() {
        assertThat(ImapResponseCode.in("A1 NO [TOOBIG] big")).isEqualTo(ImapResponseCode.TOOBIG);
        assertThat(ImapResponseCode.in("A1 NO [LIMIT 20] slow down")).isEqualTo(ImapResponseCode.LIMIT);
        assertThat(ImapResponseCode.in("A1 NO [BADCHARSET (UTF-8)] no")).isNull();
        assertThat(ImapResponseCode.in("A1 NO the message is TOOBIG")).isNull();
        assertThat(ImapResponseCode.in("A1 NO [TOOBIGGER] no")).isNull();
        assertThat(ImapResponseCode.in(null)).isNull();
    }

    @Test
    void aQuotaRefusalHoldsBackMessagesAtLeastAsBigForAWhile() {
        AtomicLong now = new AtomicLong(1_000);
        QuotaRefusals quota = new QuotaRefusals(now::get);
        assertThat(quota.wouldRefuse(10)).isFalse();

        quota.refused(5_000);

        assertThat(quota.wouldRefuse(5_000)).isTrue();
        assertThat(quota.wouldRefuse(9_000)).isTrue();
        assertThat(quota.wouldRefuse(4_999)).as("a smaller message may still fit").isFalse();
        quota.refused(3_000);
        assertThat(quota.wouldRefuse(4_000)).isTrue();

        now.addAndGet(QuotaRefusals.REMEMBERED.plus(Duration.ofSeconds(1)).toNanos());
        assertThat(quota.wouldRefuse(9_000)).as("the server is asked again later").isFalse();
    }
}
