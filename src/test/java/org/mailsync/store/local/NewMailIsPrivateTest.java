package org.mailsync.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailsync.store.MailStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * Mail is private whatever the umask (the build runs with the usual 022): every file mailsync
 * creates to hold mail is rw------- and every directory rwx------, as the original and mbsync
 * make them; files and directories that already existed keep their modes.
 */
class NewMailIsPrivateTest {

    private static final String FILE = "rw-------";
    private static final String DIR = "rwx------";

    @TempDir
    Path tmp;

    private static FolderFormat format(String name) {
        return switch (name) {
            case "maildir" -> new MaildirFormat();
            case "mh" -> new MhFormat();
            default -> new MboxFormat();
        };
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void append(MailStore store, String folder) throws Exception {
        store.append(folder, new ByteArrayInputStream("Subject: s\n\nbody\n".getBytes(StandardCharsets.US_ASCII)), Set.of(),
                Instant.parse("2020-03-02T10:00:00Z"));
    }

    /** Every regular file below a directory (the message files, whatever the format names them). */
    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox", "mh"})
    void aNewFolderItsParentsAndItsMessagesArePrivate(String formatName) throws Exception {
        Path root = tmp.resolve("home/Mail"); // not there yet: the store makes it
        FolderFormat format = format(formatName);
        LocalStore store = new LocalStore("local", root, List.of(format), format);

        store.createFolder("lists/devel");
        append(store, "lists/devel");

        assertThat(mode(tmp.resolve("home"))).isEqualTo(DIR);
        assertThat(mode(root)).isEqualTo(DIR);
        assertThat(mode(root.resolve("lists"))).isEqualTo(DIR);
        Path folder = root.resolve("lists/devel");
        if (formatName.equals("mbox")) {
            assertThat(mode(folder)).isEqualTo(FILE);
        } else {
            assertThat(mode(folder)).isEqualTo(DIR);
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path dir : all.filter(Files::isDirectory).toList()) {
                    assertThat(mode(dir)).as(dir.toString()).isEqualTo(DIR); // cur, new, tmp
                }
            }
            assertThat(files(folder)).isNotEmpty().allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo(FILE));
        }
    }

    @Test
    void maildirPlusPlusFoldersArePrivate() throws Exception {
        Path root = tmp.resolve("Maildir");
        MaildirPlusPlusStore store = new MaildirPlusPlusStore("local", root);

        store.createFolder("INBOX");
        store.createFolder("Lists.devel");
        append(store, "Lists.devel");

        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? DIR : FILE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox", "mh"})
    void whatExistedKeepsItsMode(String formatName) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("Mail"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        FolderFormat format = format(formatName);
        LocalStore store = new LocalStore("local", root, List.of(format), format);

        store.createFolder("inbox");
        assertThat(mode(root)).isEqualTo("rwxr-xr-x");

        // A folder the user made readable to others (a shared archive) stays so as mail is added.
        Path folder = root.resolve("inbox");
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        append(store, "inbox");
        store.delete("inbox", List.of(store.index("inbox").get(0).key()));
        append(store, "inbox");

        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo("rwxr-xr-x");
            }
        }
        if (formatName.equals("mbox")) {
            assertThat(mode(folder)).isEqualTo("rw-r--r--");
        }
        if (formatName.equals("mh")) {
            assertThat(mode(folder.resolve(".mh_sequences"))).isEqualTo("rw-r--r--"); // rewritten, mode kept
        }
    }
}
