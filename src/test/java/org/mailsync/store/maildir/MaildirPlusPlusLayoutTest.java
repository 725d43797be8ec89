package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.StoreException;

/** How a Maildir++ tree maps to folder names, and how one is recognised. */
class MaildirPlusPlusLayoutTest {

    @TempDir
    Path root;

    private final MaildirFormat maildir = new MaildirFormat();
    private MaildirPlusPlusStore store;

    @BeforeEach
    void openStore() {
        store = new MaildirPlusPlusStore("test", root);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A tree as Dovecot leaves it: INBOX, A, A.B, and X.Y whose parent X was never made. */
    private void dovecotTree() throws Exception {
        maildir.create(root);
        maildir.create(root.resolve(".A"));
        maildir.create(root.resolve(".A.B"));
        maildir.create(root.resolve(".X.Y"));
        Files.writeString(root.resolve("subscriptions"), "A\nA.B\n");
        Files.writeString(root.resolve("dovecot-uidlist"), "3 V1 N1\n");
    }

    private static List<FolderInfo> folders(FolderInfo... infos) {
        return List.of(infos);
    }

    private static FolderInfo sel(String name) {
        return new FolderInfo(name, true);
    }

    private static FolderInfo noselect(String name) {
        return new FolderInfo(name, false);
    }

    private static ByteArrayInputStream message(String subject) {
        return new ByteArrayInputStream(("Subject: " + subject + "\n\nx\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void listsInboxDotFoldersAndImplicitParents() throws Exception {
        dovecotTree();
        assertThat(store.listFolders("*")).containsExactlyElementsOf(
                folders(sel("INBOX"), sel("A"), sel("A.B"), noselect("X"), sel("X.Y")));
        assertThat(store.listFolders("%")).containsExactlyElementsOf(folders(sel("INBOX"), sel("A"), noselect("X")));
        assertThat(store.listFolders("A.%")).containsExactlyElementsOf(folders(sel("A.B")));
        assertThat(store.listFolders("X*")).containsExactlyElementsOf(folders(noselect("X"), sel("X.Y")));
        assertThat(store.exists("X")).isFalse();
        assertThat(store.exists("X.Y")).isTrue();
    }

    @Test
    void strayDirectoriesAndFilesAreNotFolders() throws Exception {
        dovecotTree();
        Files.createDirectories(root.resolve(".notamaildir"));
        maildir.create(root.resolve(".inbox"));
        maildir.create(root.resolve(".A..C"));
        maildir.create(root.resolve("plain"));
        Files.writeString(root.resolve(".hidden"), "not a directory");
        assertThat(store.listFolders("*")).extracting(FolderInfo::name).containsExactly("INBOX", "A", "A.B", "X", "X.Y");
    }

    @Test
    void inboxIsTheRootInAnyCase() throws Exception {
        maildir.create(root);
        assertThat(store.exists("inbox")).isTrue();
        assertThat(store.exists("InBox")).isTrue();
        String key = store.append("iNbOx", message("to the root"), Set.of(), null);
        assertThat(names(root.resolve("new"))).containsExactly(key);
        assertThat(store.index("INBOX")).hasSize(1);
        assertThat(store.listFolders("inbox")).containsExactly(sel("INBOX"));
        assertThat(store.listFolders("INBOX")).containsExactly(sel("INBOX"));
    }

    @Test
    void childrenOfInboxAreDotInboxDirectories() throws Exception {
        maildir.create(root);
        store.createFolder("INBOX.Sent");
        assertThat(Files.isDirectory(root.resolve(".INBOX.Sent/cur"))).isTrue();
        assertThat(store.listFolders("INBOX.%")).containsExactly(sel("INBOX.Sent"));
        assertThat(store.listFolders("*")).containsExactly(sel("INBOX"), sel("INBOX.Sent"));
    }

    @Test
    void creatingASubfolderMakesOnlyItsOwnMarkedDirectory() throws Exception {
        store.createFolder("A.B");
        assertThat(names(root)).containsExactly(".A.B");
        assertThat(names(root.resolve(".A.B"))).containsExactly("cur", "maildirfolder", "new", "tmp");
        assertThat(store.listFolders("*")).containsExactly(noselect("A"), sel("A.B"));

        store.createFolder("INBOX");
        assertThat(maildir.isFolder(root)).isTrue();
        assertThat(Files.exists(root.resolve("maildirfolder"))).as("the root is not a folder of another Maildir").isFalse();
        store.createFolder("A.B");
        assertThat(store.listFolders("*")).containsExactly(sel("INBOX"), noselect("A"), sel("A.B"));
    }

    @Test
    void removingAFolderKeepsItsSubfoldersAndTheRoot() throws Exception {
        dovecotTree();
        Files.writeString(root.resolve(".A/maildirfolder"), "");
        Files.writeString(root.resolve(".A/dovecot-uidlist"), "3 V1 N1\n");
        store.append("A", message("a"), Set.of(), null);

        store.removeFolder("A");
        assertThat(Files.exists(root.resolve(".A"))).isFalse();
        assertThat(store.listFolders("*")).containsExactly(sel("INBOX"), noselect("A"), sel("A.B"), noselect("X"), sel("X.Y"));

        store.removeFolder("INBOX");
        assertThat(store.exists("INBOX")).isFalse();
        assertThat(names(root)).containsExactly(".A.B", ".X.Y", "dovecot-uidlist", "subscriptions");
    }

    @Test
    void namesThatCannotBeADirectoryAreRefused() {
        for (String bad : List.of("A..B", ".A", "A.", "a/b", "../escape", "", ".INBOX")) {
            assertThatThrownBy(() -> store.createFolder(bad)).as(bad).isInstanceOf(StoreException.class);
        }
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void detectionNeedsDotMaildirsNotJustAMaildir() throws Exception {
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root.resolve("missing"))).isFalse();
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root)).as("empty").isFalse();

        maildir.create(root);
        Files.createDirectories(root.resolve(".cache"));
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root)).as("a lone Maildir").isFalse();

        maildir.create(root.resolve(".Sent"));
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root)).as("INBOX and .Sent").isTrue();
    }

    @Test
    void aMarkedSubfolderIsDetectedWithoutAnInbox() throws Exception {
        maildir.create(root.resolve(".Sent"));
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root)).as("unmarked, no INBOX").isFalse();
        Files.writeString(root.resolve(".Sent/maildirfolder"), "");
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root)).isTrue();
    }

    @Test
    void aNestedTreeIsNotMaildirPlusPlus() throws Exception {
        maildir.create(root.resolve("work"));
        maildir.create(root.resolve("work/projects"));
        assertThat(MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root)).isFalse();
    }
}
