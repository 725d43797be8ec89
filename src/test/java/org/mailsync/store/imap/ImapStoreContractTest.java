package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;

/**
 * The store contract against GreenMail's in-JVM IMAP server (fresh per test). Besides the
 * replacements every IMAP server needs ({@link ImapStoreContract}), one test is replaced here
 * because of a GreenMail limitation.
 */
class ImapStoreContractTest extends ImapStoreContract {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));

    @Override
    protected MailStore newStore(Path dir) {
        return new ImapStore(ImapServerSpec.parse("{127.0.0.1:" + GREENMAIL.getImap().getPort() + "/user=alice/notls}"),
                "secret".toCharArray(), "remote");
    }

    /**
     * Replaces the contract's version because of a GreenMail limitation, not ours: GreenMail
     * parses appended messages and writes their header back as UTF-8, so a raw 8-bit header
     * byte (ISO-8859-1 "é" in Subject) comes back as U+FFFD; the body's 8-bit bytes survive.
     * Checked here instead: the APPEND literal on the wire has exactly the message's length
     * with CRLF line ends (so the bytes left us verbatim), the CRLF message reads back whole,
     * and the 8-bit message's body and ASCII header lines read back unchanged. The unmodified
     * contract runs against Dovecot in {@code ImapStoreDovecotIT}.
     */
    @Override
    @Test
    protected void eightBitAndCrlfMessagesSurvive() throws Exception {
        store.close();
        List<String> trace = new java.util.concurrent.CopyOnWriteArrayList<>();
        ImapStore traced = new ImapStore(ImapServerSpec.parse("{127.0.0.1:" + GREENMAIL.getImap().getPort()
                + "/user=alice/notls/debug}"), "secret".toCharArray(), "remote");
        traced.protocolSink(trace::add);
        store = traced;
        store.createFolder("inbox");
        byte[] latin = message("<8bit@example.org>", "caf\u00e9", "na\u00efve \u00ff bytes\n");
        byte[] crlf = new String(message("<crlf@example.org>", "crlf", "line1\nline2\n"), StandardCharsets.ISO_8859_1)
                .replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        append("inbox", latin);
        append("inbox", crlf);
        int latinOnWire = normalized(latin).replace("\n", "\r\n").length();
        assertThat(trace).anyMatch(l -> l.matches("\\S+ APPEND .*\\{" + latinOnWire + "\\+?}"));
        assertThat(trace).anyMatch(l -> l.matches("\\S+ APPEND .*\\{" + crlf.length + "\\+?}"));

        List<MessageMeta> index = store.index("inbox");
        assertThat(normalized(read("inbox", index.get(1).key()))).isEqualTo(normalized(crlf));
        String back = normalized(read("inbox", index.get(0).key()));
        String sent = normalized(latin);
        assertThat(back.substring(back.indexOf("\n\n"))).isEqualTo(sent.substring(sent.indexOf("\n\n")));
        assertThat(back.lines().filter(l -> !l.startsWith("Subject:")).toList())
                .isEqualTo(sent.lines().filter(l -> !l.startsWith("Subject:")).toList());
    }

}
