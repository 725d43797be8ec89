package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailsync.store.MessageMeta;

/** Reading real mbox files from other programs (see src/test/resources/corpus/SOURCES.md). */
class MboxReaderTest {

    private static final String PONY = "apache-ponymail-unit-tests/corpus/";
    private static final String MIMEKIT = "mimekit/UnitTests/TestData/mbox/";

    @TempDir
    Path tmp;

    private final MboxFormat format = new MboxFormat();

    static Path corpus(String name) {
        try {
            return Path.of(MboxReaderTest.class.getResource("/corpus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MboxMessage> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return MboxReader.readAll(in);
        }
    }

    private String open(Path file, MessageMeta meta) throws Exception {
        try (InputStream in = format.open(file, meta.key())) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Counts as the shared corpus README (Python's mailbox.mbox) has them, except where noted. */
    @ParameterizedTest
    @CsvSource({
        PONY + "maven-dev-2017-11-124652-listsao.mbox, 1",
        PONY + "maven-dev-2017-11-124652-mailarchivesao.mbox, 1",
        PONY + "maven-dev-2017-11-124652-mboxvm.mbox, 1",
        PONY + "no_date.mbox, 1",
        PONY + "httpd-users-200606-part.mbox, 12",
        PONY + "maven_duplicates_2017_mboxvm.mbox, 10",
        PONY + "nexus-html-only.mbox, 3",
        MIMEKIT + "simple.mbox.txt, 3",
        MIMEKIT + "issue1189.mbox.txt, 4",
        "dovecot-imaptest/src/tests/default.mbox, 6",
        "dovecot-imaptest/src/tests/broken/search-intdate.mbox, 16",
    })
    void messageCountsMatchTheCorpus(String file, int count) throws Exception {
        assertThat(format.isFolder(corpus(file))).isTrue();
        assertThat(read(corpus(file))).hasSize(count);
        assertThat(format.index(corpus(file))).hasSize(count);
    }

    @Test
    void unescapedFromLinesInBodiesDoNotSplitMessages() throws Exception {
        // Python finds 3 pieces (it misses the first From - after the BOM and splits at a body
        // line); "From Russia with love" has no date and no header after it, so it is body.
        Path file = corpus(MIMEKIT + "unmunged.mbox.txt");
        assertThat(format.isFolder(file)).isTrue();
        List<MessageMeta> index = format.index(file);
        assertThat(index).hasSize(2);
        String first = open(file, index.get(0));
        assertThat(first).startsWith("From: Jeffrey Stedfast").contains("\nFrom Russia with love\n")
                .endsWith("What does Thunderbird do?\n");
        assertThat(read(file).get(0).fromOffset()).isEqualTo(3); // after the byte order mark
        assertThat(open(file, index.get(1))).contains("From Russia with love\nYear: 1963\n");
    }

    @Test
    void bareFromLineStartsAMessageWithoutDate() throws Exception {
        Path file = corpus(PONY + "no_date.mbox");
        MessageMeta meta = format.index(file).get(0);
        assertThat(meta.internalDate()).isNull();
        assertThat(new String(meta.header(), StandardCharsets.ISO_8859_1)).isEqualTo("List-Id: <test@test.invalid>\n");
        assertThat(open(file, meta)).isEqualTo("List-Id: <test@test.invalid>\n\nNo date\n");
    }

    @Test
    void mboxrdQuotingIsUndoneAndMboxoLosesOneQuoteOfQuotedFromLines() throws Exception {
        // The same post from two archivers: mboxvm writes mboxrd (">>>From"), listsao mboxo (">>From").
        String rd = open(corpus(PONY + "maven-dev-2017-11-124652-mboxvm.mbox"),
                format.index(corpus(PONY + "maven-dev-2017-11-124652-mboxvm.mbox")).get(0));
        String o = open(corpus(PONY + "maven-dev-2017-11-124652-listsao.mbox"),
                format.index(corpus(PONY + "maven-dev-2017-11-124652-listsao.mbox")).get(0));
        assertThat(rd).contains("\n>>From \"Failed to create parent directories\"");
        // The known mboxo ambiguity: its unquoted ">>From" reads as ">From" (see MboxrdQuoting).
        assertThat(o).contains("\n>From \"Failed to create parent directories\"").doesNotContain("\n>>From \"Failed");
    }

    @Test
    void fromLineDatesAreReadLeniently() throws Exception {
        List<MboxMessage> dovecot = read(corpus("dovecot-imaptest/src/tests/broken/search-intdate.mbox"));
        // From user@domain  Sat Mar 24 23:00:00 2007 +0200
        assertThat(dovecot.get(0).internalDate()).isEqualTo(Instant.parse("2007-03-24T21:00:00Z"));
        List<MboxMessage> pony = read(corpus(PONY + "maven-dev-2017-11-124652-mboxvm.mbox"));
        assertThat(pony.get(0).fromLine()).contains("  ");
        assertThat(pony.get(0).internalDate()).isNotNull();
        assertThat(FromLine.parseDate("From a@b Wed Nov 01 06:04:53 2017")).isEqualTo(Instant.parse("2017-11-01T06:04:53Z"));
        assertThat(FromLine.parseDate("From a@b  Sat Jan  5 10:00:00 EST 2002")).isEqualTo(Instant.parse("2002-01-05T10:00:00Z"));
        assertThat(FromLine.parseDate("From a@b Wed, 9 May 2007 10:00:00 +0200")).isEqualTo(Instant.parse("2007-05-09T08:00:00Z"));
        assertThat(FromLine.parseDate("From - ")).isNull();
        assertThat(FromLine.parseDate("From 1844347792267117879@xxx")).isNull();
        assertThat(FromLine.parseDate("From a@b Mon Feb 31 10:00:00 2020")).isNull();
    }

    /** MimeKit's offset oracle: the same file with LF and with CRLF line ends. */
    @ParameterizedTest
    @CsvSource({"unix, false", "dos, true"})
    void offsetsMatchMimeKitForLfAndCrlf(String kind, boolean crlf) throws Exception {
        byte[] lf = Files.readAllBytes(corpus(MIMEKIT + "issue1189.mbox.txt"));
        byte[] bytes = crlf ? new String(lf, StandardCharsets.ISO_8859_1).replace("\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1) : lf;
        String json = Files.readString(corpus(MIMEKIT + "issue1189." + kind + "-offsets.json"));
        List<Long> markers = numbers(json, "\"mboxMarkerOffset\": (\\d+)");
        List<MboxMessage> messages = MboxReader.readAll(new ByteArrayInputStream(bytes));
        assertThat(messages).extracting(MboxMessage::fromOffset).containsExactlyElementsOf(markers);

        Path file = tmp.resolve("issue1189");
        Files.write(file, bytes);
        List<MessageMeta> index = format.index(file);
        List<MessageMeta> lfIndex = format.index(corpus(MIMEKIT + "issue1189.mbox.txt"));
        for (int i = 0; i < index.size(); i++) {
            String text = open(file, index.get(i));
            assertThat(text.replace("\r\n", "\n")).isEqualTo(open(corpus(MIMEKIT + "issue1189.mbox.txt"), lfIndex.get(i)));
            if (crlf) {
                assertThat(text.replace("\r\n", "")).doesNotContain("\n");
            }
        }
    }

    @Test
    void contentLengthIsNotTrusted() throws Exception {
        String mbox = "From a@b Mon Mar  2 10:00:00 2020\nSubject: x\nContent-Length: 3\n\nline one\nline two\n\n"
                + "From a@b Mon Mar  2 10:00:01 2020\nSubject: y\nContent-Length: 999\n\nshort\n";
        List<MboxMessage> messages = MboxReader.readAll(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.US_ASCII)));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).storedSize()).isEqualTo("Subject: x\nContent-Length: 3\n\nline one\nline two\n".length());
    }

    @Test
    void statusFieldsGiveFlagsAndAreNotPartOfTheMessage() throws Exception {
        Path file = tmp.resolve("flags");
        Files.writeString(file, "From a@b Mon Mar  2 10:00:00 2020\nSubject: x\nStatus: RO\nX-Status: AF\n\nbody\n",
                StandardCharsets.US_ASCII);
        MessageMeta meta = format.index(file).get(0);
        assertThat(meta.flags()).containsExactlyInAnyOrder(org.mailsync.store.Flag.SEEN, org.mailsync.store.Flag.ANSWERED,
                org.mailsync.store.Flag.FLAGGED);
        assertThat(new String(meta.header(), StandardCharsets.US_ASCII)).isEqualTo("Subject: x\n");
        assertThat(open(file, meta)).isEqualTo("Subject: x\n\nbody\n");
        assertThat(meta.size()).isEqualTo("Subject: x\nStatus: RO\nX-Status: AF\n\nbody\n".length());
    }

    @Test
    void onlyFilesStartingWithFromOrEmptyAreFolders() throws Exception {
        Files.writeString(tmp.resolve("empty"), "");
        Files.writeString(tmp.resolve("notes.txt"), "Dear diary\nFrom today on\n");
        Files.createDirectory(tmp.resolve("dir"));
        assertThat(format.isFolder(tmp.resolve("empty"))).isTrue();
        assertThat(format.isFolder(tmp.resolve("notes.txt"))).isFalse();
        assertThat(format.isFolder(tmp.resolve("dir"))).isFalse();
        assertThat(format.isFolder(tmp.resolve("missing"))).isFalse();
    }

    private static List<Long> numbers(String text, String regex) {
        List<Long> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            out.add(Long.parseLong(m.group(1)));
        }
        return out;
    }
}
