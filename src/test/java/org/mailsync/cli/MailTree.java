package org.mailsync.cli;

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

import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;

/**
 * Builds and inspects real mail folders on disk for end-to-end tests, without going through
 * the code under test: Maildir files and mbox files are written and read as plain text.
 */
final class MailTree {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*(\\S+)");
    private static int counter;

    private MailTree() {
    }

    static String message(String id, String subject) {
        return "From: Alice <alice@example.org>\n"
                + "To: bob@example.org\n"
                + "Subject: " + subject + "\n"
                + "Date: Mon, 2 Mar 2020 10:00:00 +0000\n"
                + (id == null ? "" : "Message-ID: <" + id + "@example.org>\n")
                + "\n"
                + "Body of " + subject + "\n";
    }

    /** Creates a Maildir folder (if needed) and delivers messages into its cur/ as seen mail. */
    static void maildir(Path folder, String... ids) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        for (String id : ids) {
            counter++;
            Files.writeString(folder.resolve("cur").resolve("1600000000.M" + counter + "P1Q" + counter + ".test:2,S"),
                    message(id, "subject " + id), StandardCharsets.ISO_8859_1);
        }
    }

    /** Writes an mbox file holding the messages, read (Status: RO), as the Maildir helper's are seen. */
    static void mbox(Path file, String... ids) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append("From alice@example.org Mon Mar  2 10:00:00 2020\nStatus: RO\n").append(message(id, "subject " + id)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    }

    /** The Message-IDs (without the domain) of a Maildir folder's messages, sorted. */
    static List<String> maildirIds(Path folder) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(folder.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    ids.add(idOf(Files.readString(f, StandardCharsets.ISO_8859_1)));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The Message-IDs (without the domain) of an mbox file's messages, sorted. */
    static List<String> mboxIds(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            ids.add(strip(m.group(1)));
        }
        ids.sort(null);
        return ids;
    }

    /** A message of a store's folder by its Message-ID (without the domain), as the store indexes it. */
    static MessageMeta meta(MailStore store, String folder, String id) throws Exception {
        for (MessageMeta m : store.index(folder)) {
            if (idOf(new String(m.header(), StandardCharsets.ISO_8859_1)).equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no message " + id + " in " + folder + " of " + store);
    }

    /** The Message-ID (without the domain) of an indexed message, or "". */
    static String idOf(MessageMeta meta) {
        return idOf(new String(meta.header(), StandardCharsets.ISO_8859_1));
    }

    private static String idOf(String message) {
        Matcher m = MESSAGE_ID.matcher(message);
        return m.find() ? strip(m.group(1)) : "";
    }

    private static String strip(String id) {
        return id.replaceAll("^<|@example\\.org>$", "");
    }

    /** Every regular file below a directory with a digest of its bytes. */
    static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    sums.put(root.relativize(f).toString(), sha256(Files.readAllBytes(f)) + "@" + Files.getLastModifiedTime(f));
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
