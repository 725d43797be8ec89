package org.mailsync.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds and inspects the mail folders of a test's home directory as plain files, never
 * through the code under test: Maildir folders, mbox files, and a snapshot of every file and
 * directory to prove that a request changed nothing.
 */
public final class MailFolders {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");
    private static int counter;

    private MailFolders() {
    }

    /** A small message whose Message-ID is {@code <id@example.org>}. */
    public static String message(String id) {
        return "From: Alice <alice@example.org>\n"
                + "To: bob@example.org\n"
                + "Subject: subject " + id + "\n"
                + "Date: Mon, 2 Mar 2020 10:00:00 +0000\n"
                + "Message-ID: <" + id + "@example.org>\n"
                + "\n"
                + "Body of " + id + "\n";
    }

    /** The identity the run reports for a message of {@link #message(String)}. */
    public static String identity(String id) {
        return "<" + id + "@example.org>";
    }

    /** Creates a Maildir folder (if needed) and delivers messages into its cur/ as seen mail. */
    public static synchronized void maildir(Path folder, String... ids) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        for (String id : ids) {
            counter++;
            Files.writeString(folder.resolve("cur").resolve("1600000000.M" + counter + "P1Q" + counter + ".test:2,S"),
                    message(id), StandardCharsets.ISO_8859_1);
        }
    }

    /** Writes (or rewrites) an mbox file holding exactly these messages. */
    public static void mbox(Path file, String... ids) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append("From alice@example.org Mon Mar  2 10:00:00 2020\nStatus: RO\n").append(message(id)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    /** The Message-IDs (without the domain) of a Maildir folder's messages, sorted. */
    public static List<String> maildirIds(Path folder) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    ids.addAll(idsIn(Files.readString(f, StandardCharsets.ISO_8859_1)));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The Message-IDs (without the domain) of an mbox file's messages, sorted. */
    public static List<String> mboxIds(Path file) throws IOException {
        List<String> ids = idsIn(Files.readString(file, StandardCharsets.ISO_8859_1));
        ids.sort(null);
        return ids;
    }

    /** The Message-IDs (without the domain) in a text, in order. */
    public static List<String> idsIn(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /**
     * Every file below a directory with a digest of its bytes and its modification time, and
     * every directory: equal snapshots mean nothing was created, removed or changed.
     */
    public static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = root.relativize(p).toString();
                if (Files.isRegularFile(p)) {
                    entries.put(name, sha256(Files.readAllBytes(p)) + "@" + Files.getLastModifiedTime(p));
                } else {
                    entries.put(name + "/", "dir");
                }
            }
        }
        return entries;
    }

    /**
     * Every regular file below a directory, except those whose path starts with one of the
     * prefixes, with a digest of its bytes and its modification time.
     */
    public static Map<String, String> checksums(Path root, String... exceptPrefixes) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = root.relativize(f).toString();
                if (Files.isRegularFile(f) && Stream.of(exceptPrefixes).noneMatch(name::startsWith)) {
                    sums.put(name, sha256(Files.readAllBytes(f)) + "@" + Files.getLastModifiedTime(f));
                }
            }
        }
        return sums;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
