package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * Folder names that no local file system can hold, or that would lead out of the store's root,
 * are refused by every local store with an error naming the store and the folder, before
 * anything is written: a {@code ..} level, a NUL, a level over 255 bytes in UTF-8 (counted in
 * bytes, not characters). Nothing appears outside the root, and names that can exist, UTF-8
 * ones up to the limit included, are made as they are.
 */
class HostileFolderNamesStayInsideTheRootTest {

    /** 300 bytes in UTF-8 but only 150 characters: the limit is the kernel's, in bytes. */
    private static final String LONG = "ü".repeat(150);

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("store");
    }

    private MailStore store(String kind) {
        return switch (kind) {
            case "maildir" -> new LocalStore("laptop", root(), List.of(new MaildirFormat()), new MaildirFormat());
            case "mbox" -> new LocalStore("laptop", root(), List.of(new MboxFormat()), new MboxFormat());
            case "mh" -> new LocalStore("laptop", root(), List.of(new MhFormat()), new MhFormat());
            default -> new MaildirPlusPlusStore("laptop", root());
        };
    }

    /** Everything below the temporary directory but the root itself and what is in it. */
    private List<Path> outsideTheRoot() throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir) && !p.startsWith(root())).toList();
        }
    }

    private String refusal(MailStore store, String folder) {
        StoreException e = catchThrowableOfType(StoreException.class, () -> store.createFolder(folder));
        assertThat(e).as("folder %s", folder).isNotNull();
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox", "mh"})
    void nestedStoresRefuseParentLevelsNulAndOverLongLevelsByName(String kind) throws Exception {
        Files.createDirectories(root());
        MailStore store = store(kind);

        assertThat(refusal(store, "..")).startsWith("store laptop: folder \"..\" cannot be a local folder: ")
                .contains("is \"..\"");
        assertThat(refusal(store, "a/../../escaped")).startsWith("store laptop: folder \"a/../../escaped\" cannot be a local folder");
        assertThat(refusal(store, "a/../b")).as("another folder's name in disguise").contains("is \"..\"");
        assertThat(refusal(store, "a\0b")).startsWith("store laptop: folder \"a\\0b\" cannot be a local folder: ")
                .contains("NUL");
        assertThat(refusal(store, "Archiv/" + LONG)).startsWith("store laptop: folder \"Archiv/" + LONG + "\" cannot be")
                .contains("is 300 bytes long in UTF-8, more than the " + longest(kind));
        assertThat(refusal(store, LONG + "/x")).as("a directory level").contains("is 300 bytes long in UTF-8, more than the 255");

        assertThat(outsideTheRoot()).isEmpty();
        try (Stream<Path> inside = Files.list(root())) {
            assertThat(inside).as("nothing made for a refused name, not even a parent").isEmpty();
        }
        assertThat(catchThrowableOfType(StoreException.class, () -> store.index("../escaped"))).hasMessageContaining("\"../escaped\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox", "mh"})
    void nestedStoresMakeUtf8NamesUpToTheLimitAsTheyAre(String kind) throws Exception {
        Files.createDirectories(root());
        MailStore store = store(kind);
        String longest = "x".repeat(longest(kind) - 2) + "ü";

        store.createFolder("日本語/子");
        store.createFolder(longest);

        assertThat(root().resolve("日本語").resolve("子")).exists();
        assertThat(root().resolve(longest)).exists();
        assertThat(store.exists("日本語/子")).isTrue();
        store.append(longest, new ByteArrayInputStream("Subject: x\n\nbody\n".getBytes(StandardCharsets.US_ASCII)), Set.of(), null);
        assertThat(store.index(longest)).as("its lock and journal fit beside it").hasSize(1);
        assertThat(refusal(store, longest + "x")).contains("is " + (longest(kind) + 1) + " bytes long in UTF-8");
        if (kind.equals("mbox")) {
            assertThat(refusal(store, longest + "x")).contains("less room for the lock and journal files kept beside an mbox");
        }
    }

    /**
     * The longest folder name in UTF-8 bytes: a file name's 255, less what an mbox needs for the
     * files named after it beside it (its lock's scratch file is the longest).
     */
    private static int longest(String kind) {
        return kind.equals("mbox") ? 215 : 255;
    }

    @Test
    void maildirPlusPlusCountsTheDotOfItsDirectoryAndRefusesByName() throws Exception {
        MailStore store = store("maildir++");
        String longest = "ü".repeat(127); // 254 bytes, 255 with the dot

        assertThat(refusal(store, "..")).startsWith("store laptop: folder \"..\" cannot be a Maildir++ folder: ");
        assertThat(refusal(store, "a/b")).startsWith("store laptop: folder \"a/b\" cannot be a Maildir++ folder: ").contains("\"/\"");
        assertThat(refusal(store, "a\0b")).startsWith("store laptop: folder \"a\\0b\" cannot be a Maildir++ folder: ").contains("NUL");
        assertThat(refusal(store, longest + "x")).contains("is 256 bytes long in UTF-8");
        assertThat(outsideTheRoot()).isEmpty();

        store.createFolder(longest);
        store.createFolder("Entwürfe.日本語");

        assertThat(root().resolve("." + longest)).exists();
        assertThat(root().resolve(".Entwürfe.日本語")).exists();
        assertThat(outsideTheRoot()).isEmpty();
    }
}
