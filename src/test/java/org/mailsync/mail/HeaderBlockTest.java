package org.mailsync.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderBlockTest {

    private static HeaderBlock parse(String s) {
        return HeaderBlock.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void looksUpFieldsCaseInsensitively() {
        HeaderBlock h = parse("Subject: hi\nmessage-id: <a@x>\n");
        assertThat(h.first("SUBJECT")).isEqualTo(" hi");
        assertThat(h.first("Message-ID")).isEqualTo(" <a@x>");
        assertThat(h.first("To")).isNull();
    }

    @Test
    void unfoldsContinuationLinesKeepingTheWhitespace() {
        HeaderBlock h = parse("Subject: a\r\n\tb\r\n  c\r\nTo: x\r\n");
        assertThat(h.first("subject")).isEqualTo(" a\tb  c");
        assertThat(h.first("to")).isEqualTo(" x");
    }

    @Test
    void crlfAndLfGiveTheSameFields() {
        String lf = "Message-ID:\n <a@x>\nSubject: s\n\nbody\n";
        assertThat(parse(lf.replace("\n", "\r\n")).fields()).isEqualTo(parse(lf).fields());
    }

    @Test
    void returnsAllFieldsOfANameInOrder() {
        HeaderBlock h = parse("To: a\nCc: c\nTO: b\n");
        assertThat(h.all("to")).containsExactly(" a", " b");
        assertThat(h.all("bcc")).isEmpty();
    }

    @Test
    void stopsAtTheFirstEmptyLine() {
        HeaderBlock h = parse("Subject: s\r\n\r\nTo: not a header\n");
        assertThat(h.first("to")).isNull();
        assertThat(h.fields()).hasSize(1);
    }

    @Test
    void ignoresLinesThatAreNotFields() {
        HeaderBlock h = parse("From sender Thu Nov 26 13:00:00 2026\n continuation of nothing\n"
                + "garbage line\nSubject : spaced\nTo: t\n");
        assertThat(h.fields()).extracting(HeaderBlock.Field::name).containsExactly("Subject", "To");
        assertThat(h.first("subject")).isEqualTo(" spaced");
    }

    @Test
    void keepsEightBitBytesAsTheyAre() {
        byte[] raw = {'S', 'u', 'b', 'j', 'e', 'c', 't', ':', ' ', (byte) 0xE9, (byte) 0xFF, '\n'};
        String value = HeaderBlock.parse(raw).first("subject");
        assertThat(value.getBytes(StandardCharsets.ISO_8859_1)).containsExactly(' ', (byte) 0xE9, (byte) 0xFF);
    }

    @Test
    void readsTheHeaderBytesUpToTheBlankLine() throws IOException {
        byte[] message = "Subject: s\r\nTo: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayInputStream in = new ByteArrayInputStream(message);
        byte[] header = HeaderBlock.readHeaderBytes(in);
        assertThat(new String(header, StandardCharsets.US_ASCII)).isEqualTo("Subject: s\r\nTo: t\r\n\r\n");
        assertThat(in.readAllBytes()).isEqualTo("body\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readingTheHeaderIsBounded() throws IOException {
        byte[] endless = "X: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderBlock.readHeaderBytes(new ByteArrayInputStream(endless), 10)).hasSize(10);
    }

    @Test
    void aMessageWithoutBodyIsReadToItsEnd() throws IOException {
        byte[] message = "Subject: s\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderBlock.readHeaderBytes(new ByteArrayInputStream(message))).isEqualTo(message);
    }
}
