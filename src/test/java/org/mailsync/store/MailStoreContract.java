package org.mailsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailsync.store.local.EquivalentIndexes.assertEquivalent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link MailStore} must have, whatever keeps its folders. Each kind of
 * store runs this suite through a subclass named {@code <Kind>StoreContractTest}.
 */
public abstract class MailStoreContract {

    @TempDir
    protected Path dir;

    protected MailStore store;

    /** A fresh, empty store keeping its folders below {@code dir}. */
    protected abstract MailStore newStore(Path dir) throws Exception;

    /** The flags this kind of store can keep. */
    protected Set<Flag> keptFlags() {
        return EnumSet.allOf(Flag.class);
    }

    /**
     * Whether a folder holding messages can also hold subfolders. An mbox folder is a file and
     * cannot (its hierarchy is plain directories, as with c-client and Dovecot's mbox).
     */
    protected boolean foldersHoldSubfolders() {
        return true;
    }

    /**
     * Waits until the changes made so far are old enough for the store to vouch for them in a
     * {@link FolderSnapshot} (local stores trust a file's stat only once it has not changed for
     * a moment, see {@code FileStamp}), so that an incremental index really reuses something.
     * Stores that need no such wait do nothing.
     */
    protected void letChangesSettle() throws Exception {
    }

    /** A folder name one level down, in the store's own delimiter. */
    protected String child(String parent, String name) {
        return parent + store.delimiter() + name;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore(dir);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static byte[] message(String messageId, String subject, String body) {
        String text = "From: Alice <alice@example.org>\n"
                + "To: bob@example.org\n"
                + "Subject: " + subject + "\n"
                + "Date: Mon, 2 Mar 2020 10:00:00 +0000\n"
                + (messageId == null ? "" : "Message-ID: " + messageId + "\n")
                + "\n" + body;
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    protected String append(String folder, byte[] message) throws StoreException {
        return store.append(folder, new ByteArrayInputStream(message), Set.of(), null);
    }

    protected byte[] read(String folder, String key) throws Exception {
        try (InputStream in = store.open(folder, key)) {
            return in.readAllBytes();
        }
    }

    /** Line ends folded to LF and a final line end ensured: the stores may differ in only these. */
    protected static String normalized(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        return s.endsWith("\n") ? s : s + "\n";
    }

    @Test
    protected void createdFolderExistsAndIsEmpty() throws Exception {
        store.createFolder("box");
        assertThat(store.exists("box")).isTrue();
        assertThat(store.index("box")).isEmpty();
        assertThat(store.listFolders("*")).contains(new FolderInfo("box", true));
    }

    @Test
    void missingFolderIsAnErrorNeverAnEmptyList() {
        assertThatThrownBy(() -> store.index("nowhere")).isInstanceOf(FolderNotFoundException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void appendedMessageReadsBackWithItsBytesAndHeader() throws Exception {
        store.createFolder("box");
        byte[] msg = message("<one@example.org>", "hello", "Body line\nFrom the start of a line\n>From quoted\n");
        String key = append("box", msg);

        List<MessageMeta> index = store.index("box");
        assertThat(index).hasSize(1);
        MessageMeta meta = index.get(0);
        if (key != null) {
            assertThat(meta.key()).isEqualTo(key);
        }
        assertThat(new String(meta.header(), StandardCharsets.ISO_8859_1)).contains("Message-ID: <one@example.org>");
        assertThat(normalized(read("box", meta.key()))).isEqualTo(normalized(msg));
        assertThat(meta.size()).isGreaterThanOrEqualTo(msg.length);
    }

    @Test
    protected void eightBitAndCrlfMessagesSurvive() throws Exception {
        store.createFolder("box");
        byte[] latin = message("<8bit@example.org>", "caf\u00e9", "na\u00efve \u00ff bytes\n");
        byte[] crlf = new String(message("<crlf@example.org>", "crlf", "line1\nline2\n"), StandardCharsets.ISO_8859_1)
                .replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        append("box", latin);
        append("box", crlf);
        List<MessageMeta> index = store.index("box");
        assertThat(normalized(read("box", index.get(0).key()))).isEqualTo(normalized(latin));
        assertThat(normalized(read("box", index.get(1).key()))).isEqualTo(normalized(crlf));
    }

    @Test
    void mboxSeparatorLookalikesInBodiesSurvive() throws Exception {
        store.createFolder("box");
        byte[] tricky = message("<tricky@example.org>", "from lines",
                "From here\n>From there\n>>From everywhere\n\nFrom alice@example.org Mon Mar  2 10:00:00 2020\nend\n");
        append("box", tricky);
        append("box", message("<after@example.org>", "after", "x\n"));
        List<MessageMeta> index = store.index("box");
        assertThat(index).hasSize(2);
        assertThat(normalized(read("box", index.get(0).key()))).isEqualTo(normalized(tricky));
    }

    @Test
    void indexKeepsAppendOrder() throws Exception {
        store.createFolder("box");
        for (int i = 0; i < 5; i++) {
            append("box", message("<m" + i + "@example.org>", "n" + i, "body " + i + "\n"));
        }
        List<String> subjects = new ArrayList<>();
        for (MessageMeta meta : store.index("box")) {
            subjects.add(normalized(read("box", meta.key())).lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow());
        }
        assertThat(subjects).containsExactly("Subject: n0", "Subject: n1", "Subject: n2", "Subject: n3", "Subject: n4");
    }

    @Test
    void flagsAreKept() throws Exception {
        store.createFolder("box");
        Set<Flag> flags = EnumSet.copyOf(keptFlags());
        store.append("box", new ByteArrayInputStream(message("<f@example.org>", "f", "x\n")), flags, null);
        store.append("box", new ByteArrayInputStream(message("<g@example.org>", "g", "x\n")), Set.of(), null);
        List<MessageMeta> index = store.index("box");
        assertThat(index.get(0).flags()).isEqualTo(flags);
        assertThat(index.get(1).flags()).isEmpty();
    }

    @Test
    void internalDateIsKept() throws Exception {
        store.createFolder("box");
        Instant when = Instant.parse("2019-07-14T08:30:15Z");
        store.append("box", new ByteArrayInputStream(message("<d@example.org>", "d", "x\n")), Set.of(), when);
        assertThat(store.index("box").get(0).internalDate()).isEqualTo(when);
    }

    @Test
    void deleteRemovesExactlyTheGivenMessages() throws Exception {
        store.createFolder("box");
        for (int i = 0; i < 4; i++) {
            append("box", message("<d" + i + "@example.org>", "d" + i, "body " + i + "\n"));
        }
        List<MessageMeta> before = store.index("box");
        store.delete("box", List.of(before.get(1).key(), before.get(3).key()));
        List<MessageMeta> after = store.index("box");
        assertThat(after).hasSize(2);
        assertThat(normalized(read("box", after.get(0).key()))).contains("Subject: d0");
        assertThat(normalized(read("box", after.get(1).key()))).contains("Subject: d2");
    }

    @Test
    void deleteWithAnUnknownKeyRemovesNothing() throws Exception {
        store.createFolder("box");
        append("box", message("<k0@example.org>", "k0", "x\n"));
        append("box", message("<k1@example.org>", "k1", "y\n"));
        String good = store.index("box").get(0).key();
        assertThatThrownBy(() -> store.delete("box", List.of(good, "no-such-key-42")))
                .isInstanceOf(StoreException.class);
        assertThat(store.index("box")).hasSize(2);
    }

    @Test
    void keysStayValidWhenOthersAreAppended() throws Exception {
        store.createFolder("box");
        append("box", message("<s0@example.org>", "s0", "x\n"));
        String key = store.index("box").get(0).key();
        append("box", message("<s1@example.org>", "s1", "y\n"));
        assertThat(normalized(read("box", key))).contains("Subject: s0");
    }

    @Test
    void nestedFoldersFollowListPatterns() throws Exception {
        if (foldersHoldSubfolders()) {
            store.createFolder("work");
        }
        store.createFolder(child("work", "projects"));
        store.createFolder(child("work", "later"));
        store.createFolder("home");
        List<String> top = store.listFolders("%").stream().map(FolderInfo::name).toList();
        List<String> all = store.listFolders("*").stream().map(FolderInfo::name).toList();
        List<String> under = store.listFolders("work" + store.delimiter() + "%").stream().map(FolderInfo::name).toList();
        assertThat(top).contains("work", "home").doesNotContain(child("work", "projects"));
        assertThat(all).contains("work", "home", child("work", "projects"), child("work", "later"));
        assertThat(under).containsExactlyInAnyOrder(child("work", "projects"), child("work", "later"));
        assertThat(store.listFolders("*")).contains(new FolderInfo(child("work", "projects"), true));
    }

    @Test
    void removedFolderIsGoneAndNothingElse() throws Exception {
        store.createFolder("old");
        store.createFolder("older");
        append("old", message("<r@example.org>", "r", "x\n"));
        append("older", message("<s@example.org>", "s", "x\n"));
        if (foldersHoldSubfolders()) {
            store.createFolder(child("old", "keep"));
            append(child("old", "keep"), message("<q@example.org>", "q", "x\n"));
        }
        store.removeFolder("old");
        assertThat(store.exists("old")).isFalse();
        assertThat(store.index("older")).hasSize(1);
        if (foldersHoldSubfolders()) {
            assertThat(store.index(child("old", "keep"))).hasSize(1);
        }
    }

    @Test
    void incrementalIndexListsWhatAFullIndexDoes() throws Exception {
        store.createFolder("box");
        store.createFolder("other");
        for (int i = 0; i < 3; i++) {
            append("box", message("<i" + i + "@example.org>", "i" + i, "body " + i + "\nFrom a line\n"));
        }
        FolderSnapshot first = store.index("box", null);
        assertEquivalent(first.metas(), store.index("box"));
        letChangesSettle();
        FolderSnapshot unchanged = store.index("box", first);
        assertEquivalent(unchanged.metas(), store.index("box"));

        store.append("box", new ByteArrayInputStream(message("<i3@example.org>", "i3", "x\n")), EnumSet.copyOf(keptFlags()),
                Instant.parse("2019-07-14T08:30:15Z"));
        store.delete("box", List.of(unchanged.metas().get(1).key()));
        append("box", message(null, "no id", "y\n"));
        letChangesSettle();
        FolderSnapshot changed = store.index("box", unchanged);
        assertEquivalent(changed.metas(), store.index("box"));
        assertThat(changed.metas()).hasSize(4);
        append("box", message("<i5@example.org>", "i5", "z\n"));
        assertEquivalent(store.index("box", changed).metas(), store.index("box"));

        append("other", message("<o@example.org>", "o", "x\n"));
        assertEquivalent(store.index("other", changed).metas(), store.index("other"));

        store.removeFolder("box");
        store.createFolder("box");
        append("box", message("<n0@example.org>", "n0", "new folder\n"));
        letChangesSettle();
        assertEquivalent(store.index("box", changed).metas(), store.index("box"));
        assertThatThrownBy(() -> store.index("nowhere", changed)).isInstanceOf(FolderNotFoundException.class);
    }

    @Test
    protected void readingChangesNoFile() throws Exception {
        store.createFolder("box");
        append("box", message("<ro1@example.org>", "ro1", "x\n"));
        append("box", message("<ro2@example.org>", "ro2", "y\n"));
        Map<String, String> before = checksums(dir);
        for (MessageMeta meta : store.index("box")) {
            read("box", meta.key());
        }
        store.listFolders("*");
        assertThat(checksums(dir)).isEqualTo(before);
    }

    @Test
    void largeMessageStreamsThrough() throws Exception {
        store.createFolder("box");
        StringBuilder body = new StringBuilder();
        String line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\n";
        while (body.length() < 6_000_000) {
            body.append(line);
        }
        byte[] big = message("<big@example.org>", "big", body.toString());
        append("box", big);
        MessageMeta meta = store.index("box").get(0);
        assertThat(sha256(normalized(read("box", meta.key())))).isEqualTo(sha256(normalized(big)));
    }

    /** Every regular file below a directory with its SHA-256 and modification time. */
    protected static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    sums.put(root.relativize(f).toString(),
                            sha256(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)) + "@" + Files.getLastModifiedTime(f));
                }
            }
        }
        return sums;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
