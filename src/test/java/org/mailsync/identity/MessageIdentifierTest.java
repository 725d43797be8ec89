package org.mailsync.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailsync.store.MessageMeta;

class MessageIdentifierTest {

    private static MessageMeta meta(String header) {
        return new MessageMeta("k1", 100, Set.of(), null, header.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String msgid(String header) {
        return MessageIdentifier.identify(IdentityMode.MSGID, meta(header), null);
    }

    @Test
    void msgidIsTheTrimmedHeaderValue() {
        assertThat(msgid("Subject: s\nMessage-ID:   <a@x>  \n")).isEqualTo("<a@x>");
    }

    @Test
    void foldedMessageIdIsUnfolded() {
        assertThat(msgid("Message-ID:\n <a@x>\n")).isEqualTo("<a@x>");
        assertThat(msgid("Message-ID: <a@\r\n\tx>\r\n")).isEqualTo("<a@\tx>");
    }

    @Test
    void theFirstOfTwoMessageIdsWins() {
        assertThat(msgid("Message-ID: <first@x>\nmessage-id: <second@x>\n")).isEqualTo("<first@x>");
    }

    @Test
    void oddIdsAreNotSanitised() {
        // SEMANTICS.md "odd Message-IDs": the original's sanitising made distinct ids collide.
        assertThat(msgid("Message-ID: <a b@x>\n")).isEqualTo("<a b@x>").isNotEqualTo("<a.b@x>");
        assertThat(msgid("Message-ID: <a@x> trailing\n")).isEqualTo("<a@x> trailing").isNotEqualTo(msgid("Message-ID: <a@x>\n"));
        assertThat(msgid("Message-ID: no-brackets@x\n")).isEqualTo("no-brackets@x");
    }

    @Test
    void missingOrEmptyMessageIdMeansNoIdentity() {
        assertThat(msgid("Subject: s\n")).isNull();
        assertThat(msgid("Message-ID:\nSubject: s\n")).isNull();
        assertThat(msgid("Message-ID:  \n \nSubject: s\n")).isNull();
        assertThat(msgid("Message-ID: <>\n")).isNull();
    }

    @Test
    void crlfAndLfGiveTheSameIdentityInEveryMode() {
        String lf = "Date: d\nSubject: s\nMessage-ID:\n <m@x>\nFrom: a@x\n\n";
        String crlf = lf.replace("\n", "\r\n");
        for (IdentityMode mode : IdentityMode.values()) {
            assertThat(MessageIdentifier.identify(mode, meta(crlf), "d1"))
                    .as(mode.name()).isEqualTo(MessageIdentifier.identify(mode, meta(lf), "d1"));
        }
    }

    @Test
    void eightBitBytesAreKept() {
        byte[] raw = {'M', 'e', 's', 's', 'a', 'g', 'e', '-', 'I', 'D', ':', ' ', '<', (byte) 0xE9, '@', 'x', '>', '\n'};
        String id = MessageIdentifier.identify(IdentityMode.MSGID, new MessageMeta("k", 1, Set.of(), null, raw), null);
        assertThat(id.getBytes(StandardCharsets.ISO_8859_1)).containsExactly('<', (byte) 0xE9, '@', 'x', '>');
    }

    @Test
    void md5ModeWritesTheOriginalsMsinfoText() {
        assertThat(MessageIdentifier.identify(IdentityMode.MD5, meta("Subject: hello\n"), null))
                .isEqualTo("<>, md5: <5d41402abc4b2a76b9719d911017c592>");
    }

    @Test
    void autoUsesTheMessageIdWhenThereIsOne() {
        assertThat(MessageIdentifier.identify(IdentityMode.AUTO, meta("Message-ID: <m@x>\n"), "abc")).isEqualTo("<m@x>");
        assertThat(MessageIdentifier.needsContentDigest(IdentityMode.AUTO, meta("Message-ID: <m@x>\n"))).isFalse();
    }

    @Test
    void autoFallsBackToTheContentDigest() {
        assertThat(MessageIdentifier.identify(IdentityMode.AUTO, meta("Subject: s\n"), "abc")).isEqualTo("sha256:abc");
        assertThat(MessageIdentifier.needsContentDigest(IdentityMode.AUTO, meta("Message-ID: <>\n"))).isTrue();
        assertThat(MessageIdentifier.needsContentDigest(IdentityMode.MSGID, meta("Subject: s\n"))).isFalse();
    }

    @Test
    void autoWithoutMessageIdOrDigestIsACallerError() {
        assertThatThrownBy(() -> MessageIdentifier.identify(IdentityMode.AUTO, meta("Subject: s\n"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
