package org.mailsync.check;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/** The names in a directory, sorted so that reports come out in the same order every time. */
final class DirectoryNames {

    private DirectoryNames() {
    }

    /** The names not starting with a dot (mail formats' readers skip those); none when the directory is missing. */
    static TreeSet<String> visible(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (String name : all(dir)) {
            if (!name.startsWith(".")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The names starting with a prefix. */
    static TreeSet<String> startingWith(Path dir, String prefix) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (String name : all(dir)) {
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    private static TreeSet<String> all(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }
}
