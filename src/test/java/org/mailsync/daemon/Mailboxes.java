package org.mailsync.daemon;

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
 * Writes and reads Maildir and mbox folders as plain files, without the code under test (as
 * {@code org.mailsync.cli.MailTree} does for the in-process tests).
 */
final class Mailboxes {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");
    private static int counter;

    private Mailboxes() {
    }

    private static String message(String id) {
        return "From: Alice <alice@example.org>\n"
                + "To: bob@example.org\n"
                + "Subject: subject " + id + "\n"
                + "Date: Mon, 2 Mar 2020 10:00:00 +0000\n"
                + "Message-ID: <" + id + "@example.org>\n"
                + "\n"
                + "Body of " + id + "\n";
    }

    /** Creates a Maildir folder (if needed) and delivers the messages into its cur/ as seen mail. */
    static synchronized void maildir(Path folder, String... ids) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        for (String id : ids) {
            counter++;
            Path tmp = folder.resolve("tmp").resolve("1600000000.M" + counter + "P1Q" + counter + ".test");
            Files.writeString(tmp, message(id), StandardCharsets.ISO_8859_1);
            // delivered as a Maildir writer does: complete in tmp/, then renamed into place
            Files.move(tmp, folder.resolve("cur").resolve(tmp.getFileName() + ":2,S"));
        }
    }

    /** Writes an mbox file holding the messages. */
    static void mbox(Path file, String... ids) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append("From alice@example.org Mon Mar  2 10:00:00 2020\n").append(message(id)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    /** The Message-IDs (without the domain) of a Maildir folder's messages, sorted, duplicates kept. */
    static List<String> maildirIds(Path folder) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    ids.addAll(ids(Files.readString(f, StandardCharsets.ISO_8859_1)));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The Message-IDs (without the domain) of an mbox file's messages, sorted, duplicates kept; none if it is missing. */
    static List<String> mboxIds(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> ids = ids(Files.readString(file, StandardCharsets.ISO_8859_1));
        ids.sort(null);
        return ids;
    }

    private static List<String> ids(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Every regular file below a directory, except those whose path starts with one of the prefixes, with a digest and its mtime. */
    static Map<String, String> checksums(Path root, String... exceptPrefixes) throws IOException {
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
