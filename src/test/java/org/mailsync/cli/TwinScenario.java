package org.mailsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.mailsync.compat.OriginalMailsync;

/**
 * One scenario on two identical trees: one synced by the original mailsync, one by ours. Both
 * have two local stores of mbox folders ({@code A/}, {@code B/}) and a channel {@code c} in the
 * same config shape, {@code store a { pat DIR/A/% prefix DIR/A/ }}, so boxnames and output
 * compare directly. Mail is written and read as plain mbox text, not through the code under test.
 */
final class TwinScenario implements AutoCloseable {

    private static final Pattern FROM_LINE = Pattern.compile("(?m)^From \\S+ .*$");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:[ \\t]*(\\S+)");
    private static final Pattern SUBJECT = Pattern.compile("(?mi)^Subject:[ \\t]*(.*)$");

    final OriginalMailsync original;
    final Path orig;
    final Path ours;
    private final String channelOptions;
    private final List<Path> dirs = new ArrayList<>();

    TwinScenario(String channelOptions) throws Exception {
        this.original = OriginalMailsync.require();
        this.channelOptions = channelOptions;
        this.orig = newTree();
        this.ours = newTree();
        Files.createFile(orig.resolve("msinfo")); // the original needs it to exist
    }

    /** A fresh tree with its config; for trees that get the original's msinfo, copy it in. */
    Path newTree() throws IOException {
        Path dir = original.newScenarioDir();
        dirs.add(dir);
        Files.createDirectories(dir.resolve("A"));
        Files.createDirectories(dir.resolve("B"));
        String rel = rel(dir);
        Files.writeString(dir.resolve("cfg"), "store a { pat " + rel + "/A/% prefix " + rel + "/A/ }\n"
                + "store b { pat " + rel + "/B/% prefix " + rel + "/B/ }\n"
                + "channel c a b { msinfo " + rel + "/msinfo " + channelOptions + " }\n");
        return dir;
    }

    /** A new tree holding a copy of another's mail and msinfo (config of its own). */
    Path copyOf(Path from) throws IOException {
        Path to = newTree();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (Files.isRegularFile(f) && !rel.toString().equals("cfg")) {
                    Files.createDirectories(to.resolve(rel).getParent());
                    Files.copy(f, to.resolve(rel));
                }
            }
        }
        return to;
    }

    String rel(Path dir) {
        return original.home().relativize(dir).toString();
    }

    /** Writes (replacing) the folder {@code side/box} in both trees with messages of these ids. */
    void folder(String side, String box, String... ids) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append(message(id, "subject " + id, ""));
        }
        write(side, box, text.toString(), false);
    }

    /** Appends a message to the folder in both trees. */
    void append(String side, String box, String message) throws IOException {
        write(side, box, message, true);
    }

    private void write(String side, String box, String text, boolean append) throws IOException {
        for (Path dir : List.of(orig, ours)) {
            Path file = dir.resolve(side).resolve(box);
            String old = append && Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            Files.writeString(file, old + text, StandardCharsets.ISO_8859_1);
        }
    }

    /** Removes the messages with these ids from the folder in every tree given (both when none). */
    void remove(String side, String box, String... ids) throws IOException {
        for (Path dir : List.of(orig, ours)) {
            removeIn(dir, side, box, ids);
        }
    }

    static void removeIn(Path dir, String side, String box, String... ids) throws IOException {
        Path file = dir.resolve(side).resolve(box);
        StringBuilder kept = new StringBuilder();
        for (String message : messages(Files.readString(file, StandardCharsets.ISO_8859_1))) {
            String id = idOf(message);
            if (id == null || !java.util.Arrays.asList(ids).contains(id)) {
                kept.append(message);
            }
        }
        Files.writeString(file, kept, StandardCharsets.ISO_8859_1);
    }

    /** An mbox entry: From line, header, body (padded to {@code bodyBytes}), blank line. */
    static String message(String id, String subject, String extraBody) {
        return "From alice@example.org Mon Mar  2 10:00:00 2020\n"
                + "From: Alice <alice@example.org>\n"
                + "To: bob@example.org\n"
                + "Subject: " + subject + "\n"
                + "Date: Mon, 2 Mar 2020 10:00:00 +0000\n"
                + (id == null ? "" : "Message-ID: <" + id + "@example.org>\n")
                + "\n"
                + "Body of " + subject + "\n" + extraBody + "\n";
    }

    OriginalMailsync.Result runOriginal(Path dir, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", rel(dir) + "/cfg"));
        args.addAll(List.of(options));
        args.add("c");
        return original.run(dir, args.toArray(String[]::new));
    }

    CliRun runOurs(Path dir, String... options) {
        List<String> args = new ArrayList<>(List.of("-f", dir.resolve("cfg").toString()));
        args.addAll(List.of(options));
        args.add("c");
        return CliRun.run(original.home(), args.toArray(String[]::new));
    }

    /**
     * Per folder of a store, the sorted ids of its messages ({@code (no id) subject} for one
     * without Message-ID); c-client's pseudo message is not mail and is left out.
     */
    static Map<String, List<String>> ids(Path dir, String side) throws IOException {
        Map<String, List<String>> folders = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve(side))) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                List<String> ids = new ArrayList<>();
                for (String message : messages(Files.readString(f, StandardCharsets.ISO_8859_1))) {
                    if (message.contains("\nSubject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA")) {
                        continue;
                    }
                    String id = idOf(message);
                    ids.add(id != null ? id : "(no id) " + subjectOf(message));
                }
                ids.sort(null);
                folders.put(f.getFileName().toString(), ids);
            }
        }
        return folders;
    }

    /**
     * Like {@link #ids(Path, String)}, for a store with nested folders: every mbox file below the
     * side's directory, named by its path relative to it ({@code lists/x}).
     */
    static Map<String, List<String>> nestedIds(Path dir, String side) throws IOException {
        Map<String, List<String>> folders = new TreeMap<>();
        Path root = dir.resolve(side);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path parent = f.getParent();
                Map<String, List<String>> one = ids(parent.getParent() == null ? parent : parent.getParent(),
                        parent.getFileName().toString());
                String prefix = root.equals(parent) ? "" : root.relativize(parent) + "/";
                folders.put(prefix + f.getFileName(), one.get(f.getFileName().toString()));
            }
        }
        return folders;
    }

    /** The original's msinfo record of a channel in the tree: boxname → sorted ids (none: empty). */
    static Map<String, List<String>> theirRecord(Path dir, String channel) throws IOException {
        Map<String, List<String>> record = new TreeMap<>();
        org.mailsync.msinfo.LegacyMsinfoReader.read(dir.resolve("msinfo"), channel)
                .ifPresent(r -> r.folders().forEach((box, ids) -> record.put(box, ids.stream().sorted().toList())));
        return record;
    }

    /** Our msinfo record (SQLite at the tree's msinfo path) of a channel: boxname → sorted ids. */
    static Map<String, List<String>> ourRecord(Path dir, String channel) throws Exception {
        Map<String, List<String>> record = new TreeMap<>();
        try (org.mailsync.msinfo.MsinfoRepository repo = org.mailsync.msinfo.MsinfoRepository.openReadOnly(dir.resolve("msinfo"))) {
            for (String box : repo.boxnames(channel)) {
                record.put(box, repo.load(channel, box).stream().sorted().toList());
            }
        }
        return record;
    }

    private static List<String> messages(String mbox) {
        List<String> messages = new ArrayList<>();
        Matcher m = FROM_LINE.matcher(mbox);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            // a CRLF message copied from a server keeps its CRLF (docs/compat.md "line ends")
            if (m.start() == 0 || mbox.startsWith("\n\n", m.start() - 2) || mbox.startsWith("\n\r\n", m.start() - 3)
                    || m.start() == 1) {
                starts.add(m.start());
            }
        }
        for (int i = 0; i < starts.size(); i++) {
            messages.add(mbox.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : mbox.length()));
        }
        return messages;
    }

    private static String idOf(String message) {
        String header = message.replace("\r\n", "\n").split("\n\n", 2)[0];
        Matcher m = MESSAGE_ID.matcher(header);
        return m.find() ? m.group(1).replaceAll("^<|@example\\.org>$", "") : null;
    }

    private static String subjectOf(String message) {
        Matcher m = SUBJECT.matcher(message.replace("\r\n", "\n").split("\n\n", 2)[0]);
        return m.find() ? m.group(1).strip() : "";
    }

    /**
     * Summary-mode output by folder: {@code box -> its count lines}, e.g. {@code 2 copied a->b.}.
     * Lines that are not counts (the original's {@code too big} lines, {@code Expunged ...})
     * are left out.
     */
    static Map<String, List<String>> summary(String out) {
        Map<String, List<String>> boxes = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : out.split("\n")) {
            Matcher box = Pattern.compile("^(\\S[^:]*): ?(.*)$").matcher(line);
            if (!line.startsWith("Synchronizing") && !line.startsWith("Warning") && !line.startsWith("Expunged")
                    && !line.matches("^\\d+ .*") && box.matches()) {
                // ours calls a local "inbox" INBOX, the original keeps the file's case (see docs/compat.md)
                String name = box.group(1).equalsIgnoreCase("INBOX") ? "inbox" : box.group(1);
                current = boxes.computeIfAbsent(name, b -> new ArrayList<>());
            } else if (current != null && line.matches("^\\d+ .*")) {
                current.add(line);
            }
        }
        return boxes;
    }

    /** The count lines of one kind ({@code copied}, {@code remain}...) per folder. */
    static Map<String, List<String>> lines(Map<String, List<String>> summary, String regex) {
        Map<String, List<String>> result = new TreeMap<>();
        summary.forEach((box, lines) -> result.put(box, lines.stream().filter(l -> l.matches(regex)).toList()));
        return result;
    }

    @Override
    public void close() throws IOException {
        for (Path dir : dirs) {
            OriginalMailsync.delete(dir);
        }
    }
}
