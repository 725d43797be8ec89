package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.FlagChangesContract;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.VisibleLogLines;

/**
 * The flag contract against a real Dovecot with QRESYNC (its incremental index after a change
 * is the QRESYNC path), and what only IMAP has: deltas sent as grouped
 * {@code UID STORE +FLAGS.SILENT / -FLAGS.SILENT}, keywords of any IMAP spelling
 * ({@code $Forwarded}) kept both ways, and a keyword that is not an atom dropped with a warning.
 */
class ImapFlagChangesDovecotIT extends FlagChangesContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private final List<String> trace = new CopyOnWriteArrayList<>();

    @Override
    protected MailStore newStore(Path dir) {
        ImapStore s = DOVECOT.store(DOVECOT.newUser(), "/notls/debug", "dovecot");
        s.protocolSink(trace::add);
        return s;
    }

    private String append(String id, Set<Flag> flags, Set<String> keywords) throws Exception {
        byte[] msg = ("Subject: " + id + "\nMessage-ID: <" + id + "@example.org>\n\nx\n").getBytes(StandardCharsets.US_ASCII);
        return store.append(folder(), new ByteArrayInputStream(msg), flags, keywords, null);
    }

    @Test
    void keywordsOfEveryImapSpellingRoundTrip() throws Exception {
        String key = append("k", EnumSet.of(Flag.SEEN), Set.of("$Forwarded", "$Junk", "$label1", "Work"));
        MessageMeta meta = store.index(folder()).get(0);
        assertThat(meta.key()).isEqualTo(key);
        assertThat(meta.flags()).containsExactly(Flag.SEEN);
        assertThat(meta.keywords()).containsExactlyInAnyOrder("$Forwarded", "$Junk", "$label1", "Work");
        store.changeFlags(folder(), Map.of(key, new FlagChange(Set.of(), Set.of(), Set.of("$MDNSent"), Set.of("$junk"))));
        assertThat(store.index(folder()).get(0).keywords()).containsExactlyInAnyOrder("$Forwarded", "$MDNSent", "$label1", "Work");
    }

    @Test
    void messagesSharingADeltaGoInOneCommand() throws Exception {
        String a = append("a", Set.of(), Set.of());
        String b = append("b", Set.of(), Set.of());
        String c = append("c", Set.of(), Set.of());
        FlagChange seen = new FlagChange(EnumSet.of(Flag.SEEN), Set.of(), Set.of("Work"), Set.of());
        Map<String, FlagChange> batch = new LinkedHashMap<>();
        batch.put(a, seen);
        batch.put(c, seen);
        batch.put(b, new FlagChange(Set.of(), EnumSet.of(Flag.SEEN), Set.of(), Set.of("Work")));
        trace.clear();
        store.changeFlags(folder(), batch);
        String uidA = a.substring(a.indexOf(':') + 1);
        String uidB = b.substring(b.indexOf(':') + 1);
        String uidC = c.substring(c.indexOf(':') + 1);
        assertThat(trace).anyMatch(l -> l.matches("\\S+ UID STORE " + uidA + "," + uidC + " \\+FLAGS\\.SILENT \\(\\\\Seen Work\\)"));
        assertThat(trace).anyMatch(l -> l.matches("\\S+ UID STORE " + uidB + " -FLAGS\\.SILENT \\(\\\\Seen Work\\)"));
        assertThat(trace).noneMatch(l -> l.contains("UNCHANGEDSINCE"));
    }

    @Test
    void aKeywordThatIsNoAtomIsDroppedWithAWarning() throws Exception {
        try (VisibleLogLines log = VisibleLogLines.captureWarnings()) {
            append("n", Set.of(), Set.of("Work", "two words", "paren("));
            assertThat(store.index(folder()).get(0).keywords()).containsExactly("Work");
            assertThat(log.lines()).anyMatch(l -> l.startsWith("Warning: ") && l.contains("\"two words\"") && l.contains(folder()))
                    .anyMatch(l -> l.contains("\"paren(\""));
        }
    }
}
