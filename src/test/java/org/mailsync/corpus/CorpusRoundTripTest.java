package org.mailsync.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.identity.ContentDigest;
import org.mailsync.identity.IdentityMode;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.store.Flag;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * Proves that every message of the real-world corpus (src/test/resources/corpus, see SOURCES.md)
 * survives being carried between our local stores the way a sync carries it ({@code open} on
 * one side, {@code append} with the indexed flags and internal date on the other):
 *
 * <ul>
 *   <li>delivered into a Maildir, then Maildir → mbox → a fresh Maildir,</li>
 *   <li>Maildir → MH → a fresh Maildir,</li>
 *   <li>Maildir → Maildir++ → a fresh Maildir,</li>
 * </ul>
 *
 * <p>and at every hop each folder has as many messages as the file, in the file's order, each
 * with its flags, its internal date, the same MSGID, MD5 and AUTO identities as the original, and
 * its bytes. The bytes are compared twice: exactly (the stores promise to keep a message's bytes,
 * CRLF included), and modulo line ends (CRLF → LF, a final line end added) as the sync's own
 * content comparison does. The one deliberate change is mbox's: see {@link #viaMbox(byte[])}.
 *
 * <p>One dynamic test per corpus file, named by its path; a failure lists every message
 * ({@code file#index}) and hop that differed.
 */
class CorpusRoundTripTest {

    /** Flags given to the messages in turn, so every flag crosses every store. */
    private static final List<Set<Flag>> FLAG_CYCLE = List.of(
            EnumSet.noneOf(Flag.class),
            EnumSet.of(Flag.SEEN),
            EnumSet.of(Flag.SEEN, Flag.ANSWERED),
            EnumSet.of(Flag.FLAGGED),
            EnumSet.of(Flag.SEEN, Flag.DRAFT),
            EnumSet.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DELETED));

    /** Internal date of a message whose source has none (a single-message file). */
    private static final Instant NO_DATE_BASE = Instant.parse("2001-09-09T01:46:40Z");

    private static final String FOLDER = "corpus";

    @TempDir(factory = ScratchDirs.class)
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyCorpusFileSurvivesEveryStore() {
        List<Corpus.MailFile> files = Corpus.mailFiles();
        assertThat(files).as("corpus mail files").hasSizeGreaterThan(300);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.path(), () -> roundTrip(f)));
    }

    private void roundTrip(Corpus.MailFile file) throws Exception {
        List<Corpus.Message> source = Corpus.messages(file);
        assertThat(source).as("messages in %s", file).isNotEmpty();
        List<Original> originals = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            Corpus.Message m = source.get(i);
            EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
            flags.addAll(m.flags());
            flags.addAll(FLAG_CYCLE.get(i % FLAG_CYCLE.size()));
            Instant date = m.internalDate() != null ? m.internalDate() : NO_DATE_BASE.plusSeconds(i);
            originals.add(new Original(m.label(), m.bytes(), flags, date, identities(m.label(), m.bytes())));
        }

        Path dir = tmp.resolve(file.path().replace('/', '_'));
        List<String> failures = new ArrayList<>();

        MailStore first = maildir(dir.resolve("maildir-1"));
        first.createFolder(FOLDER);
        for (Original o : originals) {
            first.append(FOLDER, new ByteArrayInputStream(o.bytes), o.flags, o.date);
        }
        check("Maildir", first, originals, UnaryOperator.identity(), failures);

        MailStore mbox = new LocalStore("mbox", dir.resolve("mbox"), List.of(new MboxFormat()), new MboxFormat());
        copy(first, FOLDER, mbox, FOLDER);
        check("Maildir>mbox", mbox, originals, CorpusRoundTripTest::viaMbox, failures);
        MailStore back = maildir(dir.resolve("maildir-2"));
        copy(mbox, FOLDER, back, FOLDER);
        check("Maildir>mbox>Maildir", back, originals, CorpusRoundTripTest::viaMbox, failures);

        MailStore mh = new LocalStore("mh", dir.resolve("mh"), List.of(new MhFormat()), new MhFormat());
        copy(first, FOLDER, mh, FOLDER);
        check("Maildir>MH", mh, originals, UnaryOperator.identity(), failures);
        back = maildir(dir.resolve("maildir-3"));
        copy(mh, FOLDER, back, FOLDER);
        check("Maildir>MH>Maildir", back, originals, UnaryOperator.identity(), failures);

        MailStore plus = new MaildirPlusPlusStore("maildir++", dir.resolve("maildirpp"));
        copy(first, FOLDER, plus, FOLDER);
        check("Maildir>Maildir++", plus, originals, UnaryOperator.identity(), failures);
        back = maildir(dir.resolve("maildir-4"));
        copy(plus, FOLDER, back, FOLDER);
        check("Maildir>Maildir++>Maildir", back, originals, UnaryOperator.identity(), failures);

        assertThat(failures).as("round trip of %s (%d messages)", file, originals.size()).isEmpty();
    }

    private static MailStore maildir(Path root) {
        return new LocalStore("maildir", root, List.of(new MaildirFormat()), new MaildirFormat());
    }

    /** What a sync does per message: open on one side, append with flags and date on the other. */
    private static void copy(MailStore from, String fromFolder, MailStore to, String toFolder) throws Exception {
        to.createFolder(toFolder);
        for (MessageMeta meta : from.index(fromFolder)) {
            try (InputStream in = from.open(fromFolder, meta.key())) {
                to.append(toFolder, in, meta.flags(), meta.internalDate());
            }
        }
    }

    private static void check(String hop, MailStore store, List<Original> originals, UnaryOperator<byte[]> expected,
            List<String> failures) throws Exception {
        List<MessageMeta> index = store.index(FOLDER);
        if (index.size() != originals.size()) {
            failures.add(hop + ": " + index.size() + " messages instead of " + originals.size());
            return;
        }
        for (int i = 0; i < index.size(); i++) {
            Original o = originals.get(i);
            MessageMeta meta = index.get(i);
            byte[] bytes;
            try (InputStream in = store.open(FOLDER, meta.key())) {
                bytes = in.readAllBytes();
            }
            String where = o.label + " after " + hop + ": ";
            // Local stores keep Unix line ends (UnixLineEnds), as every hop here is local.
            byte[] want = expected.apply(unixLineEnds(o.bytes));
            if (!Arrays.equals(normalise(bytes), normalise(want))) {
                failures.add(where + "content differs modulo line ends (" + bytes.length + " bytes, original "
                        + o.bytes.length + "; first difference at " + Arrays.mismatch(normalise(bytes), normalise(want)) + ")");
            } else if (!Arrays.equals(bytes, want)) {
                failures.add(where + "bytes differ (only in line ends) from what the store should keep");
            }
            if (!meta.flags().equals(o.flags)) {
                failures.add(where + "flags " + meta.flags() + " instead of " + o.flags);
            }
            if (!o.date.equals(meta.internalDate())) {
                failures.add(where + "internal date " + meta.internalDate() + " instead of " + o.date);
            }
            List<String> ids = identities(meta, bytes);
            for (IdentityMode mode : IdentityMode.values()) {
                String wantId = o.ids.get(mode.ordinal());
                String got = ids.get(mode.ordinal());
                if (!Objects.equals(wantId, got)) {
                    failures.add(where + mode + " identity " + got + " instead of " + wantId);
                }
            }
        }
    }

    /** MSGID, MD5 and AUTO identity of a message as a store indexed it. */
    private static List<String> identities(MessageMeta meta, byte[] bytes) {
        List<String> ids = new ArrayList<>();
        for (IdentityMode mode : IdentityMode.values()) {
            String digest = MessageIdentifier.needsContentDigest(mode, meta) ? ContentDigest.of(bytes) : null;
            ids.add(MessageIdentifier.identify(mode, meta, digest));
        }
        return ids;
    }

    /** The identities of the original bytes, its header taken up to the first empty line. */
    private static List<String> identities(String label, byte[] bytes) {
        return identities(new MessageMeta(label, bytes.length, Set.of(), null, header(bytes)), bytes);
    }

    static byte[] header(byte[] m) {
        if (m.length > 0 && m[0] == '\n') {
            return new byte[0];
        }
        if (m.length > 1 && m[0] == '\r' && m[1] == '\n') {
            return new byte[0];
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n') {
                if (i + 1 < m.length && m[i + 1] == '\n') {
                    return Arrays.copyOf(m, i + 2);
                }
                if (i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n') {
                    return Arrays.copyOf(m, i + 3);
                }
            }
        }
        return m;
    }

    /**
     * What an mbox folder gives back for a message appended to it: the mbox store deliberately
     * keeps flags and keywords in {@code Status:}/{@code X-Status:}/{@code X-Keywords:} header
     * fields (MboxFormat, StatusHeaders; as Dovecot's mbox does),
     * so it drops any such fields of the header block (with their continuation lines) on append
     * and strips the ones it wrote on reading; and since an mbox message must end in a line end
     * before the separator's empty line, a last line without one gets the message's first line
     * end. Nothing else changes: {@code >From} quoting is undone exactly, CRLF stays CRLF.
     */
    static byte[] unixLineEnds(byte[] m) {
        return new String(m, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] viaMbox(byte[] m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.length + 2);
        boolean inHeader = true;
        boolean dropping = false;
        int pos = 0;
        while (pos < m.length) {
            int end = pos;
            while (end < m.length && m[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, m.length);
            boolean blank = next - pos == 1 && m[pos] == '\n' || next - pos == 2 && m[pos] == '\r' && m[pos + 1] == '\n';
            if (inHeader && dropping && (m[pos] == ' ' || m[pos] == '\t')) {
                pos = next;
                continue;
            }
            dropping = false;
            if (inHeader && blank) {
                inHeader = false;
            } else if (inHeader && (startsWithIgnoreCase(m, pos, "status:") || startsWithIgnoreCase(m, pos, "x-status:")
                    || startsWithIgnoreCase(m, pos, "x-keywords:"))) {
                dropping = true;
                pos = next;
                continue;
            }
            out.write(m, pos, next - pos);
            pos = next;
        }
        if (m.length > 0 && m[m.length - 1] != '\n') {
            out.writeBytes(firstLineEnd(m).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static String firstLineEnd(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n') {
                return i > 0 && m[i - 1] == '\r' ? "\r\n" : "\n";
            }
        }
        return "\n";
    }

    private static boolean startsWithIgnoreCase(byte[] m, int pos, String prefix) {
        if (m.length - pos < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) (m[pos + i] & 0xff)) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** CRLF → LF, and a final line end where the last line has none. */
    static byte[] normalise(byte[] m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(m.length + 1);
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\r' && i + 1 < m.length && m[i + 1] == '\n') {
                continue;
            }
            out.write(m[i]);
        }
        byte[] b = out.toByteArray();
        if (b.length > 0 && b[b.length - 1] != '\n') {
            b = Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = '\n';
        }
        return b;
    }

    private record Original(String label, byte[] bytes, Set<Flag> flags, Instant date, List<String> ids) {
    }
}
