package org.mailsync.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ContentDigestTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void isTheSha256OfTheMessage() {
        // sha256("abc\n")
        assertThat(ContentDigest.of(bytes("abc\n")))
                .isEqualTo("edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb");
    }

    @Test
    void crlfLoneCrAndLfDigestTheSame() {
        String lf = ContentDigest.of(bytes("Subject: s\n\nline one\nline two\n"));
        assertThat(ContentDigest.of(bytes("Subject: s\r\n\r\nline one\r\nline two\r\n"))).isEqualTo(lf);
        assertThat(ContentDigest.of(bytes("Subject: s\r\rline one\rline two\r"))).isEqualTo(lf);
    }

    @Test
    void aCrLfSplitAcrossChunksIsStillOneLineEnd() {
        ContentDigest d = new ContentDigest();
        d.update(bytes("a\r"), 0, 2);
        d.update(bytes("\nb"), 0, 2);
        assertThat(d.hex()).isEqualTo(ContentDigest.of(bytes("a\nb")));
    }

    @Test
    void otherDifferencesStillCount() {
        assertThat(ContentDigest.of(bytes("a\n"))).isNotEqualTo(ContentDigest.of(bytes("a \n")));
        assertThat(ContentDigest.of(bytes("a\n\n"))).isNotEqualTo(ContentDigest.of(bytes("a\n")));
    }

    @Test
    void streamsLargeMessagesAndEightBitBytes() throws IOException {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 7 == 0 ? '\r' : i % 7 == 1 ? '\n' : 0x80 + i % 100);
        }
        String streamed = ContentDigest.of(new ByteArrayInputStream(big));
        assertThat(streamed).hasSize(64).isEqualTo(ContentDigest.of(big));
        String lf = new String(big, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        assertThat(streamed).isEqualTo(ContentDigest.of(bytes(lf)));
    }

    @Test
    void hexCanBeAskedTwiceButTakesNoMoreInput() {
        ContentDigest d = new ContentDigest();
        d.update(bytes("x\r"), 0, 2);
        String first = d.hex();
        assertThat(d.hex()).isEqualTo(first).isEqualTo(ContentDigest.of(bytes("x\n")));
        assertThatThrownBy(() -> d.update(bytes("y"), 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void mboxStatusAndKeywordFieldsDoNotChangeTheDigest() {
        String plain = "From: a@x\nSubject: s\n\nbody\n";
        String withStatus = "From: a@x\nStatus: RO\nSubject: s\nX-Status: AF\nX-Keywords: $Junk $Label1\n\nbody\n";
        assertThat(ContentDigest.of(bytes(withStatus))).isEqualTo(ContentDigest.of(bytes(plain)));
    }

    @Test
    void statusLinesInTheBodyStillCount() {
        assertThat(ContentDigest.of(bytes("Subject: s\n\nStatus: RO\n")))
                .isNotEqualTo(ContentDigest.of(bytes("Subject: s\n\n")));
    }

    @Test
    void aMissingFinalLineEndDoesNotChangeTheDigest() {
        assertThat(ContentDigest.of(bytes("Subject: s\n\nbody"))).isEqualTo(ContentDigest.of(bytes("Subject: s\n\nbody\n")));
        assertThat(ContentDigest.of(bytes("Subject: s"))).isEqualTo(ContentDigest.of(bytes("Subject: s\n")));
    }

    @Test
    void foldedStatusFieldIsDroppedWhole() {
        assertThat(ContentDigest.of(bytes("Status: R\n O\nSubject: s\n\nb\n")))
                .isEqualTo(ContentDigest.of(bytes("Subject: s\n\nb\n")));
    }

    @Test
    void otherFieldsStillCount() {
        assertThat(ContentDigest.of(bytes("Subject: s\nX-Other: 1\n\nb\n")))
                .isNotEqualTo(ContentDigest.of(bytes("Subject: s\n\nb\n")));
    }
}
