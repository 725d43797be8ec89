package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/** Appending to and deleting from mbox files: quoting, locks, byte-exact rewrites, stale keys. */
class MboxWriterTest {

    @TempDir
    Path dir;

    private final MboxFormat format = new MboxFormat();
    private Path box;

    @BeforeEach
    void createFolder() throws Exception {
        box = dir.resolve("inbox");
        format.create(box);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private String append(String message) throws StoreException {
        return format.append(box, new ByteArrayInputStream(bytes(message)), Set.of(), Instant.parse("2020-03-02T10:00:00Z"));
    }

    private String open(String key) throws Exception {
        try (InputStream in = format.open(box, key)) {
            return text(in.readAllBytes());
        }
    }

    private String file() throws IOException {
        return text(Files.readAllBytes(box));
    }

    @Test
    void fromLinesAreQuotedMboxrdAndComeBackUnchanged() throws Exception {
        String msg = "Subject: quoting\n\nFrom here\n>From there\n>>From everywhere\nFromage\n >From not at start\n";
        String key = append(msg);
        assertThat(file()).isEqualTo("From MAILER-DAEMON Mon Mar  2 10:00:00 2020\nSubject: quoting\n\n"
                + ">From here\n>>From there\n>>>From everywhere\nFromage\n >From not at start\n\n");
        assertThat(open(key)).isEqualTo(msg);
        assertThat(format.index(box).get(0).internalDate()).isEqualTo(Instant.parse("2020-03-02T10:00:00Z"));
    }

    @Test
    void crlfMessagesStayCrlfIncludingTheirSeparators() throws Exception {
        String msg = "Subject: crlf\r\n\r\nFrom a line\r\nend\r\n";
        String key = format.append(box, new ByteArrayInputStream(bytes(msg)), EnumSet.of(Flag.SEEN), Instant.parse("2020-03-02T10:00:00Z"));
        assertThat(file()).isEqualTo("From MAILER-DAEMON Mon Mar  2 10:00:00 2020\r\nSubject: crlf\r\nStatus: RO\r\n\r\n"
                + ">From a line\r\nend\r\n\r\n");
        assertThat(open(key)).isEqualTo(msg);
        append("Subject: lf\n\nx\n");
        assertThat(format.index(box)).hasSize(2).first().extracting(MessageMeta::key).isEqualTo(key);
    }

    @Test
    void flagsAreStoredAsStatusFieldsReplacingTheMessagesOwn() throws Exception {
        String key = format.append(box, new ByteArrayInputStream(bytes("Subject: f\nStatus: O\nX-Status: D\n\nbody\n")),
                EnumSet.allOf(Flag.class), null);
        assertThat(file()).contains("Subject: f\nStatus: RO\nX-Status: AFTD\n\nbody\n").doesNotContain("Status: O\n");
        assertThat(open(key)).isEqualTo("Subject: f\n\nbody\n");
        assertThat(format.index(box).get(0).flags()).isEqualTo(EnumSet.allOf(Flag.class));
    }

    @Test
    void messageWithoutFinalLineEndOrBodyIsCompleted() throws Exception {
        String a = append("Subject: no body");
        String b = append("Subject: b\n\nlast line");
        assertThat(open(a)).isEqualTo("Subject: no body\n");
        assertThat(open(b)).isEqualTo("Subject: b\n\nlast line\n");
    }

    @Test
    void appendingToAForeignFileAddsTheMissingEmptyLineAndKeepsOldKeys() throws Exception {
        Files.writeString(box, "From a@b Mon Mar  2 10:00:00 2020\nSubject: old\n\nbody\n", StandardCharsets.US_ASCII);
        String old = format.index(box).get(0).key();
        append("Subject: new\n\nx\n");
        assertThat(file()).startsWith("From a@b Mon Mar  2 10:00:00 2020\nSubject: old\n\nbody\n\nFrom MAILER-DAEMON");
        assertThat(format.index(box)).extracting(MessageMeta::key).first().isEqualTo(old);
        assertThat(open(old)).isEqualTo("Subject: old\n\nbody\n");
    }

    @Test
    void lockFilesAreGoneAfterAnAppend() throws Exception {
        append("Subject: a\n\nx\n");
        assertThat(Files.exists(MboxLock.dotLockOf(box))).isFalse();
    }

    @Test
    void failedAppendLeavesTheFileAsItWasAndReleasesTheLock() throws Exception {
        append("Subject: a\n\nx\n");
        byte[] before = Files.readAllBytes(box);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(bytes("Subject: half\n\nsome body\n")),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("network gone");
                    }
                });
        assertThatThrownBy(() -> format.append(box, failing, Set.of(), null)).isInstanceOf(StoreException.class)
                .hasMessageContaining("network gone").hasMessageContaining(box.toString());
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
        assertThat(Files.exists(MboxLock.dotLockOf(box))).isFalse();
        append("Subject: b\n\ny\n"); // the fcntl lock is free again
        assertThat(format.index(box)).hasSize(2);
    }

    @Test
    void aStaleDotLockIsBrokenAndAFreshOneWaitedFor() throws Exception {
        Path dot = MboxLock.dotLockOf(box);
        Files.createFile(dot);
        Files.setLastModifiedTime(dot, FileTime.from(Instant.now().minus(MboxLock.STALE).minusSeconds(60)));
        append("Subject: a\n\nx\n");
        assertThat(Files.exists(dot)).isFalse();

        Files.createFile(dot); // fresh: someone is writing
        assertThatThrownBy(() -> MboxLock.acquire(box, java.time.Duration.ofMillis(300))).isInstanceOf(IOException.class)
                .hasMessageContaining(".lock");
        assertThat(Files.exists(dot)).isTrue(); // not ours to remove
    }

    @Test
    void deleteRewritesViaATempFileKeepingOtherMessagesByteIdentical() throws Exception {
        Files.writeString(box, "From a@b Mon Mar  2 10:00:00 2020\nSubject: 0\nStatus: RO\n\n>From zero\n\n"
                + "From a@b Mon Mar  2 10:00:01 2020\nSubject: 1\n\none\n\n"
                + "From a@b Mon Mar  2 10:00:02 2020\r\nSubject: 2\r\n\r\ntwo\r\n\r\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(box, PosixFilePermissions.fromString("rw-------"));
        List<MessageMeta> index = format.index(box);
        format.delete(box, List.of(index.get(1).key()));
        assertThat(file()).isEqualTo("From a@b Mon Mar  2 10:00:00 2020\nSubject: 0\nStatus: RO\n\n>From zero\n\n"
                + "From a@b Mon Mar  2 10:00:02 2020\r\nSubject: 2\r\n\r\ntwo\r\n\r\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(box))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(box); // no temp file, no lock left
        }
        List<MessageMeta> after = format.index(box);
        assertThat(after.get(0).key()).isEqualTo(index.get(0).key());
        assertThat(open(after.get(1).key())).isEqualTo("Subject: 2\r\n\r\ntwo\r\n");
    }

    @Test
    void deletingTheLastMessageLeavesAnEmptyFolder() throws Exception {
        String key = append("Subject: a\n\nx\n");
        format.delete(box, List.of(key));
        assertThat(Files.size(box)).isZero();
        assertThat(format.isFolder(box)).isTrue();
    }

    @Test
    void keysGoStaleWhenAnotherProgramRewritesTheFile() throws Exception {
        String k0 = append("Subject: 0\n\nzero\n");
        String k1 = append("Subject: 1\n\none\n");
        // Another MUA expunges message 0 and changes a byte of message 1 in place.
        String rewritten = file().substring(file().indexOf("From MAILER-DAEMON", 1)).replace("one", "One");
        Files.writeString(box, rewritten, StandardCharsets.ISO_8859_1);
        byte[] before = Files.readAllBytes(box);

        assertThatThrownBy(() -> format.open(box, k0)).isInstanceOf(StoreException.class)
                .hasMessageContaining(box.toString()).hasMessageContaining(k0);
        assertThatThrownBy(() -> format.open(box, k1)).isInstanceOf(StoreException.class).hasMessageContaining(k1);
        assertThatThrownBy(() -> format.delete(box, List.of(k1))).isInstanceOf(StoreException.class)
                .hasMessageContaining(k1);
        assertThatThrownBy(() -> format.delete(box, List.of("12-34"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("12-34");
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
    }

    @Test
    void moreLinesWrittenIntoTheLastMessageMakeItsKeyStale() throws Exception {
        String key = append("Subject: 0\n\nzero\n");
        String stored = file();
        Files.writeString(box, stored.substring(0, stored.length() - 1) + "more\n", StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> format.open(box, key)).isInstanceOf(StoreException.class);
    }
}
