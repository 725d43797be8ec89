package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;

/** What MaildirFormat does beyond the store contract: file names, flags, delivery and look-ups. */
class MaildirFormatTest {

    @TempDir
    Path dir;

    private Path box;
    private final MaildirFormat format = new MaildirFormat();

    @BeforeEach
    void makeMaildir() throws StoreException {
        box = dir.resolve("box");
        format.create(box);
    }

    private static byte[] message(String subject) {
        return ("From: a@example.org\nSubject: " + subject + "\nMessage-ID: <" + subject + "@example.org>\n\nbody of " + subject + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private String append(Set<Flag> flags) throws StoreException {
        return format.append(box, new ByteArrayInputStream(message("m")), flags, null);
    }

    private List<String> files(String sub) throws IOException {
        try (Stream<Path> entries = Files.list(box.resolve(sub))) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void place(String sub, String fileName, String subject) throws IOException {
        Files.write(box.resolve(sub).resolve(fileName), message(subject));
    }

    @Test
    void flagLettersAreReadFromTheInfoAndUnknownOnesIgnored() {
        assertThat(MaildirInfo.flagsOf("1.M1P1.h:2,DFRST")).isEqualTo(EnumSet.allOf(Flag.class));
        assertThat(MaildirInfo.flagsOf("1.M1P1.h:2,PS")).containsExactly(Flag.SEEN);
        assertThat(MaildirInfo.flagsOf("1.M1P1.h:2,Sab")).containsExactly(Flag.SEEN);
        assertThat(MaildirInfo.flagsOf("1.M1P1.h:2,")).isEmpty();
        assertThat(MaildirInfo.flagsOf("1.M1P1.h")).isEmpty();
        assertThat(MaildirInfo.flagsOf("1.M1P1.h:1,S")).as("experimental info has no flags").isEmpty();
    }

    @Test
    void flagLettersAreWrittenInAsciiOrder() {
        assertThat(MaildirInfo.infoOf(EnumSet.allOf(Flag.class))).isEqualTo(":2,DFRST");
        assertThat(MaildirInfo.infoOf(EnumSet.of(Flag.SEEN, Flag.FLAGGED))).isEqualTo(":2,FS");
        assertThat(MaildirInfo.infoOf(EnumSet.noneOf(Flag.class))).isEqualTo(":2,");
    }

    @Test
    void keyIsTheUniqueNameWithoutInfo() {
        assertThat(UniqueNames.of("1700000000.M1P2Q3.host:2,RS")).isEqualTo("1700000000.M1P2Q3.host");
        assertThat(UniqueNames.of("1700000000.M1P2Q3.host")).isEqualTo("1700000000.M1P2Q3.host");
    }

    @Test
    void flaglessMessagesGoToNewAndFlaggedOnesToCurWithTheirInfo() throws Exception {
        String plain = append(Set.of());
        String seen = append(EnumSet.of(Flag.SEEN, Flag.ANSWERED));
        assertThat(files("new")).containsExactly(plain);
        assertThat(files("cur")).containsExactly(seen + ":2,RS");
        assertThat(files("tmp")).isEmpty();

        List<MessageMeta> index = format.index(box);
        assertThat(index).extracting(MessageMeta::key).containsExactly(plain, seen);
        assertThat(index.get(0).flags()).isEmpty();
        assertThat(index.get(1).flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.ANSWERED);
    }

    @Test
    void indexReadsFlagsAndSizeOfFilesOthersDelivered() throws Exception {
        place("new", "1600000000.M1P1.other", "fresh");
        place("cur", "1600000001.M1P1.other:2,FS", "read");
        place("cur", ".hidden:2,S", "dotfile");
        List<MessageMeta> index = format.index(box);
        assertThat(index).extracting(MessageMeta::key).containsExactly("1600000000.M1P1.other", "1600000001.M1P1.other");
        assertThat(index.get(0).flags()).isEmpty();
        assertThat(index.get(1).flags()).containsExactlyInAnyOrder(Flag.FLAGGED, Flag.SEEN);
        assertThat(index.get(1).size()).isEqualTo(message("read").length);
    }

    @Test
    void indexOrdersByDeliveryTimeNumericallyThenByName() throws Exception {
        place("cur", "1700000001.M5P1.h:2,S", "e");
        place("new", "1700000000.M1000P1.h", "d");
        place("new", "1700000000.M999P1.h", "c");
        place("new", "999999999.M1P1.h", "a");
        place("new", "999999999.M1P1.g", "b0");
        place("new", "handmade", "z");
        assertThat(format.index(box)).extracting(MessageMeta::key).containsExactly(
                "999999999.M1P1.g", "999999999.M1P1.h", "1700000000.M999P1.h", "1700000000.M1000P1.h",
                "1700000001.M5P1.h", "handmade");
    }

    @Test
    void keyStillOpensAndDeletesAfterAnotherReaderMovedTheFileToCur() throws Exception {
        String key = append(Set.of());
        String other = append(Set.of());
        assertThat(format.index(box)).hasSize(2);
        // What a mail reader does when it shows the message: new/KEY -> cur/KEY:2,S.
        Files.move(box.resolve("new").resolve(key), box.resolve("cur").resolve(key + ":2,S"));

        try (InputStream in = format.open(box, key)) {
            assertThat(in.readAllBytes()).isEqualTo(message("m"));
        }
        MessageMeta meta = format.index(box).get(0);
        assertThat(meta.key()).isEqualTo(key);
        assertThat(meta.flags()).containsExactly(Flag.SEEN);

        Files.move(box.resolve("cur").resolve(key + ":2,S"), box.resolve("cur").resolve(key + ":2,RS"));
        format.delete(box, List.of(key));
        assertThat(files("cur")).isEmpty();
        assertThat(files("new")).containsExactly(other);
    }

    @Test
    void aFreshFormatFindsKeysWithoutAnIndexFirst() throws Exception {
        String key = append(EnumSet.of(Flag.FLAGGED));
        MaildirFormat other = new MaildirFormat();
        try (InputStream in = other.open(box, key)) {
            assertThat(in.readAllBytes()).isEqualTo(message("m"));
        }
    }

    @Test
    void deleteWithAnUnknownKeyRemovesNothingAndNamesFolderAndKey() throws Exception {
        String a = append(Set.of());
        String b = append(EnumSet.of(Flag.SEEN));
        assertThatThrownBy(() -> format.delete(box, List.of(a, "1.M1P1.gone", b)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(box.toString())
                .hasMessageContaining("1.M1P1.gone");
        assertThat(files("new")).containsExactly(a);
        assertThat(files("cur")).containsExactly(b + ":2,S");
    }

    @Test
    void keysThatArePathsOrCarryInfoAreRefused() throws Exception {
        String key = append(EnumSet.of(Flag.SEEN));
        Files.write(dir.resolve("outside"), message("outside"));
        for (String bad : List.of("../../outside", "../cur/" + key + ":2,S", key + ":2,S", "", ".", "..")) {
            assertThatThrownBy(() -> format.open(box, bad)).as(bad).isInstanceOf(StoreException.class);
            assertThatThrownBy(() -> format.delete(box, List.of(bad))).as(bad).isInstanceOf(StoreException.class);
        }
        assertThat(Files.exists(dir.resolve("outside"))).isTrue();
        assertThat(files("cur")).containsExactly(key + ":2,S");
    }

    @Test
    void deliveryIsInvisibleUntilComplete() throws Exception {
        List<String> seenDuringDelivery = new ArrayList<>();
        InputStream watching = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(message("slow"));
            private boolean looked;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!looked) {
                    looked = true;
                } else {
                    // Half-way: the message may only be in tmp/.
                    seenDuringDelivery.addAll(files("new"));
                    seenDuringDelivery.addAll(files("cur"));
                    seenDuringDelivery.add("tmp:" + files("tmp").size());
                }
                return data.read(b, off, Math.min(len, 10));
            }
        };
        String key = format.append(box, watching, Set.of(), null);
        assertThat(seenDuringDelivery).isNotEmpty().allMatch(s -> s.equals("tmp:1"));
        assertThat(files("new")).containsExactly(key);
        assertThat(files("tmp")).isEmpty();
    }

    @Test
    void aFailingMessageStreamLeavesNoFileAnywhere() throws Exception {
        InputStream failing = new InputStream() {
            private int given;

            @Override
            public int read() throws IOException {
                if (given++ > 100) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> format.append(box, failing, EnumSet.of(Flag.SEEN), null))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("connection reset");
        assertThat(files("new")).isEmpty();
        assertThat(files("cur")).isEmpty();
        assertThat(files("tmp")).isEmpty();
    }

    @Test
    void uniqueNamesStayUniqueAndOrderedOverAThousandAppends() throws Exception {
        MaildirFormat quick = new MaildirFormat(false);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(quick.append(box, new ByteArrayInputStream(message("n" + i)), i % 2 == 0 ? Set.of() : EnumSet.of(Flag.SEEN), null));
        }
        assertThat(new HashSet<>(keys)).hasSize(1000);
        assertThat(keys).allMatch(k -> k.matches("\\d+\\.M\\d+P\\d+Q\\d+\\.[^./:]+"));
        assertThat(quick.index(box)).extracting(MessageMeta::key).containsExactlyElementsOf(keys);
    }

    @Test
    void bytesAreStoredExactlyAndTheHeaderEndsAtTheEmptyLine() throws Exception {
        byte[] crlf = "Subject: x\r\nMessage-ID: <c@x>\r\n\r\nbody\r\n\r\nmore\r\n".getBytes(StandardCharsets.US_ASCII);
        String key = format.append(box, new ByteArrayInputStream(crlf), Set.of(), null);
        assertThat(Files.readAllBytes(box.resolve("new").resolve(key))).isEqualTo(crlf);
        assertThat(new String(format.index(box).get(0).header(), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: x\r\nMessage-ID: <c@x>\r\n\r\n");
    }

    @Test
    void headerOfABodylessMessageIsTheWholeMessageAndARunawayHeaderIsCut() throws Exception {
        place("new", "1.M1P1.a", "unused");
        Files.writeString(box.resolve("new").resolve("1.M1P1.a"), "Subject: only header\n");
        byte[] runaway = ("X-Long: " + "y".repeat(MaildirFormat.HEADER_LIMIT + 1000) + "\n").getBytes(StandardCharsets.US_ASCII);
        Files.write(box.resolve("new").resolve("2.M1P1.a"), runaway);
        List<MessageMeta> index = format.index(box);
        assertThat(new String(index.get(0).header(), StandardCharsets.US_ASCII)).isEqualTo("Subject: only header\n");
        assertThat(index.get(1).header()).hasSize(MaildirFormat.HEADER_LIMIT);
        assertThat(index.get(1).size()).isEqualTo(runaway.length);
    }

    @Test
    void internalDateBecomesTheFileTime() throws Exception {
        Instant when = Instant.parse("2001-02-03T04:05:06.789Z");
        String key = format.append(box, new ByteArrayInputStream(message("d")), EnumSet.of(Flag.SEEN), when);
        assertThat(Files.getLastModifiedTime(box.resolve("cur").resolve(key + ":2,S")))
                .isEqualTo(FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
        assertThat(format.index(box).get(0).internalDate()).isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));
    }

    @Test
    void aFolderNeedsAllThreeDirectories() throws Exception {
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial.resolve("cur"));
        Files.createDirectories(partial.resolve("new"));
        assertThat(format.isFolder(partial)).isFalse();
        Files.writeString(partial.resolve("tmp"), "a file, not a directory");
        assertThat(format.isFolder(partial)).isFalse();
        assertThat(format.isFolder(box)).isTrue();
        assertThatThrownBy(() -> format.index(partial)).isInstanceOf(FolderNotFoundException.class);
    }

    @Test
    void reservedChildrenAreTheThreeDirectoriesAndFolderMetadata() {
        for (String reserved : List.of("cur", "new", "tmp", "maildirfolder", "dovecot-uidlist", "dovecot.index.cache", "courierimapuiddb")) {
            assertThat(format.isReservedChild(box, reserved)).as(reserved).isTrue();
        }
        assertThat(format.isReservedChild(box, "projects")).isFalse();
        assertThat(format.isReservedChild(box, "dovecot-lists")).as("a user's folder").isFalse();
    }

    @Test
    void createWorksInsideAnExistingPlainDirectory() throws Exception {
        Path plain = dir.resolve("plain");
        Files.createDirectories(plain.resolve("sub"));
        format.create(plain);
        assertThat(format.isFolder(plain)).isTrue();
        assertThat(Files.isDirectory(plain.resolve("sub"))).isTrue();
        Path deep = dir.resolve("a/b/c");
        format.create(deep);
        assertThat(format.isFolder(deep)).isTrue();
    }

    @Test
    void noFolderIsCreatedInsideAMaildirsOwnDirectories() {
        for (String inside : List.of("cur", "new", "tmp", "new/deeper", "maildirfolder")) {
            assertThatThrownBy(() -> format.create(box.resolve(inside))).as(inside).isInstanceOf(StoreException.class);
        }
        assertThat(format.isFolder(box.resolve("new"))).isFalse();
    }

    @Test
    void removeKeepsSubfoldersAndDropsTheDirectoryOnlyWhenEmpty() throws Exception {
        append(Set.of());
        append(EnumSet.of(Flag.SEEN));
        Files.writeString(box.resolve("dovecot-uidlist"), "3 V1 N3\n");
        Files.writeString(box.resolve("tmp").resolve("1.M1P1.stale"), "half a delivery");
        Path child = box.resolve("child");
        format.create(child);

        format.remove(box);
        assertThat(format.isFolder(box)).isFalse();
        try (Stream<Path> left = Files.list(box)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("child");
        }
        assertThat(format.isFolder(child)).isTrue();

        format.remove(child);
        assertThat(Files.exists(child)).isFalse();
    }

    @Test
    void readingChangesNoFileNotEvenInNew() throws Exception {
        String key = append(Set.of());
        Path file = box.resolve("new").resolve(key);
        FileTime before = Files.getLastModifiedTime(file);
        format.index(box);
        try (InputStream in = format.open(box, key)) {
            in.readAllBytes();
        }
        assertThat(files("new")).containsExactly(key);
        assertThat(files("cur")).isEmpty();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);
    }
}
