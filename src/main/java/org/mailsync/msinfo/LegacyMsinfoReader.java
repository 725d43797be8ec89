package org.mailsync.msinfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the msinfo file of the original mailsync 5.2.7: a local mbox file holding one message
 * per channel ({@code From: mailsync}, {@code Subject: <channel>}).
 *
 * <p>The body format follows what the original's {@code Channel::read_lasttime_seen} does with
 * it, not just what it writes: every line that starts with {@code <} is an identity of the
 * current box; any other line names the box the following identities belong to, and an empty
 * line names the empty boxname (a store whose {@code pat} equals its {@code prefix}). Before any
 * box line, identities belong to the empty boxname, as in the original. {@code <>} (an id-less
 * message in msgid mode) is dropped: it never identified one message, and our msgid mode does
 * not sync such messages at all. md5-mode lines {@code <>, md5: <hex>} are kept verbatim: they
 * are exactly what {@link org.mailsync.identity.LegacyMd5Identity} computes. c-client's
 * "FOLDER INTERNAL DATA" pseudo message and any message not from mailsync are skipped, as the
 * original skips them.
 */
public final class LegacyMsinfoReader {

    private static final String PSEUDO_SUBJECT = "DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA";

    private LegacyMsinfoReader() {
    }

    /** Every channel record in a legacy msinfo file, keyed by channel name, in file order. */
    public static Map<String, LegacyChannelRecord> read(Path file) throws IOException {
        // ISO-8859-1 maps bytes 1:1, so identities compare equal to ours (taken from raw header
        // bytes the same way); boxnames are re-decoded as UTF-8 below, as local folder names are.
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Map<String, LegacyChannelRecord> records = new LinkedHashMap<>();
        for (List<String> message : splitMbox(text)) {
            parse(message).ifPresent(r -> records.putIfAbsent(r.channel(), r)); // the original uses the first match
        }
        return records;
    }

    /** One channel's record, if the file holds one. */
    public static Optional<LegacyChannelRecord> read(Path file, String channel) throws IOException {
        return Optional.ofNullable(read(file).get(channel));
    }

    /** Splits mbox text into messages (their lines, without the "From " separator line). */
    private static List<List<String>> splitMbox(String text) {
        List<List<String>> messages = new ArrayList<>();
        List<String> current = null;
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        boolean previousBlank = true;
        for (String line : lines) {
            if (previousBlank && line.startsWith("From ")) {
                current = new ArrayList<>();
                messages.add(current);
            } else if (current != null) {
                current.add(line);
            }
            previousBlank = line.isEmpty();
        }
        return messages;
    }

    private static Optional<LegacyChannelRecord> parse(List<String> lines) {
        int i = 0;
        String from = null;
        String subject = null;
        // header: unfold continuation lines into the field they continue
        List<String> fields = new ArrayList<>();
        for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            String line = lines.get(i);
            if ((line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
            } else {
                fields.add(line);
            }
        }
        for (String field : fields) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = field.substring(0, colon).trim();
            String value = field.substring(colon + 1).strip();
            if (from == null && name.equalsIgnoreCase("From")) {
                from = value;
            } else if (subject == null && name.equalsIgnoreCase("Subject")) {
                subject = value;
            }
        }
        // The original accepts a message whose first From mailbox starts with "mailsync".
        if (from == null || subject == null || PSEUDO_SUBJECT.equals(subject) || !from.startsWith("mailsync")) {
            return Optional.empty();
        }
        List<String> body = new ArrayList<>(lines.subList(Math.min(i + 1, lines.size()), lines.size()));
        // Trailing empty lines are the mbox separator and the file's end, not an empty boxname.
        while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
            body.remove(body.size() - 1);
        }
        Map<String, List<String>> folders = new LinkedHashMap<>();
        String box = "";
        boolean first = true;
        for (String line : body) {
            if (line.startsWith("<")) {
                if (!line.equals("<>")) {
                    folders.computeIfAbsent(box, b -> new ArrayList<>()).add(line);
                }
            } else if (!(first && line.isEmpty())) { // the original skips an empty first line
                box = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                folders.computeIfAbsent(box, b -> new ArrayList<>());
            }
            first = false;
        }
        return Optional.of(new LegacyChannelRecord(subject, folders));
    }
}
