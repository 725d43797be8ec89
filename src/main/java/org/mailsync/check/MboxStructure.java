package org.mailsync.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mailsync.store.MessageMeta;
import org.mailsync.store.mbox.FromLine;
import org.mailsync.store.mbox.MboxKey;
import org.mailsync.store.mbox.MboxLock;

/**
 * The structure of an mbox file, judged against how {@code MboxReader} splits it: a message
 * starts at a {@code From } line after an empty line that carries a date (or is a one-word
 * dateless line followed by a header field). Problems:
 * <ul>
 *   <li>a separator without a valid date ({@code From -}, a bare {@code From }): our reader
 *       splits there, but readers that want RFC 4155's asctime date (c-client) do not;</li>
 *   <li>an unquoted {@code From } line after an empty line inside a message: our reader keeps
 *       it in the body (no date), but mboxo/mboxcl readers (mutt, procmail's formail) start a
 *       new message there; mboxrd writers quote it as {@code >From };</li>
 *   <li>a torn last message: the file does not end in a line end, or its last message's header
 *       never ends (cut short while being written);</li>
 *   <li>a write that was cut short or is under way: an append journal or a rewrite's scratch
 *       copy beside the file ({@code .NAME.*}) or its dot-lock ({@code NAME.lock}). The next
 *       sync takes an append back, so the check does not open messages through the store then
 *       (that would do it), and judges them by their headers only.</li>
 * </ul>
 * A file that is not an mbox at all is not a folder of the store: {@link StrayFiles} finds it.
 */
public final class MboxStructure implements FolderStructure {

    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);

    /** The longest separator line looked at, as MboxReader's limit. */
    private static final int MAX_LINE = 1000;

    @Override
    public Result check(Path folder, List<MessageMeta> messages) throws IOException {
        List<Finding> findings = new ArrayList<>();
        boolean writeLeft = interruptedWrites(folder, findings);
        Set<Long> separators = new HashSet<>();
        for (MessageMeta m : messages) {
            MboxKey key = MboxKey.parse(m.key());
            if (key != null) {
                separators.add(key.offset());
            }
        }
        scanLines(folder, separators, findings);
        return new Result(findings, MboxStructure::place, !writeLeft);
    }

    /** Where a message is: the byte offset of its {@code From } line, which less and editors can go to. */
    static String place(String key) {
        MboxKey k = MboxKey.parse(key);
        return k == null ? key : "message at byte " + k.offset();
    }

    private static boolean interruptedWrites(Path folder, List<Finding> findings) throws IOException {
        boolean found = false;
        Path lock = MboxLock.dotLockOf(folder);
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS)) {
            findings.add(Finding.problem(null, "locked: " + lock.getFileName() + " exists (a write under way, or left by a"
                    + " program that died); messages were checked by their headers only"));
            found = true;
        }
        String prefix = "." + folder.getFileName() + ".";
        for (String name : DirectoryNames.startingWith(folder.getParent(), prefix)) {
            findings.add(Finding.problem(null, "an interrupted write left " + name + " beside the file; the next sync takes it"
                    + " back; messages were checked by their headers only"));
            found = true;
        }
        return found;
    }

    /** One pass over the file's lines, in chunks: a line's first {@link #MAX_LINE} bytes are all that is looked at. */
    private static void scanLines(Path folder, Set<Long> separators, List<Finding> findings) throws IOException {
        LineJudge judge = new LineJudge(separators, findings);
        try (InputStream in = Files.newInputStream(folder)) {
            byte[] chunk = new byte[64 * 1024];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long lineStart = 0;
            long position = 0;
            int last = -1;
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (line.size() < MAX_LINE) {
                        line.write(chunk[i]);
                    }
                    position++;
                    if (chunk[i] == '\n') {
                        judge.line(line.toByteArray(), lineStart);
                        line.reset();
                        lineStart = position;
                    }
                }
                last = chunk[n - 1];
            }
            if (position > lineStart) {
                judge.line(line.toByteArray(), lineStart);
            }
            judge.end(last == -1 || last == '\n');
        }
    }

    /** Judges the lines of one file in order, knowing where the reader started each message. */
    private static final class LineJudge {
        private final Set<Long> separators;
        private final List<Finding> findings;
        private boolean previousBlank;
        private boolean inHeader;
        private long lastMessage = -1;

        LineJudge(Set<Long> separators, List<Finding> findings) {
            this.separators = separators;
            this.findings = findings;
        }

        void line(byte[] bytes, long offset) {
            boolean blank = isBlank(bytes);
            if (separators.contains(offset)) {
                String text = new String(bytes, StandardCharsets.ISO_8859_1).stripTrailing();
                if (FromLine.parseDate(text) == null) {
                    findings.add(Finding.problem("message at byte " + offset, "separator line \"" + text + "\" has no valid"
                            + " date: readers that want one (c-client) do not start a message here"));
                }
                lastMessage = offset;
                inHeader = true;
            } else if (startsWithFrom(bytes) && previousBlank && lastMessage >= 0) {
                findings.add(Finding.problem("message at byte " + lastMessage, "unquoted \"From \" line after an empty line"
                        + " at byte " + offset + ": mboxo readers (mutt, formail) would start a new message there"));
            } else if (blank) {
                inHeader = false;
            }
            previousBlank = blank;
        }

        void end(boolean endsInLineEnd) {
            String last = lastMessage >= 0 ? "message at byte " + lastMessage : null;
            if (!endsInLineEnd) {
                findings.add(Finding.problem(last, "torn: the file does not end in a line end, so its last message was cut short"));
            } else if (inHeader && last != null) {
                findings.add(Finding.problem(last, "torn: the last message's header never ends (no empty line), so it was cut"
                        + " short"));
            }
        }
    }

    private static boolean isBlank(byte[] line) {
        return (line.length == 1 && line[0] == '\n') || (line.length == 2 && line[0] == '\r' && line[1] == '\n');
    }

    private static boolean startsWithFrom(byte[] line) {
        if (line.length < FROM.length) {
            return false;
        }
        for (int i = 0; i < FROM.length; i++) {
            if (line[i] != FROM[i]) {
                return false;
            }
        }
        return true;
    }
}
