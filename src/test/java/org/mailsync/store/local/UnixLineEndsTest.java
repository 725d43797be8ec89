package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class UnixLineEndsTest {

    @Test
    void crlfBecomesLfAndEverythingElseStays() throws IOException {
        assertThat(convert("a\r\nb\r\n\r\nc\rd\n\u00ff\r\n")).isEqualTo("a\nb\n\nc\rd\n\u00ff\n");
    }

    @Test
    void aLoneCrAtTheEndIsKept() throws IOException {
        assertThat(convert("x\r")).isEqualTo("x\r");
        assertThat(convert("\r\r\n")).isEqualTo("\r\n");
    }

    @Test
    void crlfSplitAcrossReadsIsStillOneLineEnd() throws IOException {
        // A source that hands out one byte per read puts every CR and LF in different reads.
        InputStream trickle = new ByteArrayInputStream("a\r\nb\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        try (InputStream in = new UnixLineEnds(trickle)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("a\nb\n");
        }
    }

    private static String convert(String s) throws IOException {
        try (InputStream in = new UnixLineEnds(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
