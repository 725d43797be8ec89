package org.mailsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.mailsync.identity.ContentDigest;
import org.mailsync.store.Flag;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.mbox.MboxFormat;

/**
 * Real mail for the migrate tests: messages of the corpus in src/test/resources, put into a
 * store's folder with flags, keywords and internal dates that differ message by message, and
 * read back as "what a folder holds": per content digest, the flags, keywords and date of
 * each copy.
 */
final class MigrateCorpus {

    /** Twelve messages of an httpd users list. */
    static final String HTTPD = "apache-ponymail-unit-tests/corpus/httpd-users-200606-part.mbox";
    /** Ten messages, among them the same message as archived by different list servers. */
    static final String MAVEN = "apache-ponymail-unit-tests/corpus/maven_duplicates_2017_mboxvm.mbox";
    /** Three HTML-only messages. */
    static final String NEXUS = "apache-ponymail-unit-tests/corpus/nexus-html-only.mbox";
    /** 53 messages of a dev list. */
    static final String ASTERIX = "apache-ponymail-unit-tests/corpus/asterix-dev-201709-mailarchivesao.mbox";

    /**
     * What a folder holds of one message.
     *
     * @param flags    its flags
     * @param keywords its keywords
     * @param date     its internal date, to the second
     */
    record Held(Set<Flag> flags, Set<String> keywords, Instant date) {
    }

    private MigrateCorpus() {
    }

    /** A file of the corpus. */
    static Path path(String relative) {
        try {
            return Path.of(MigrateCorpus.class.getResource("/corpus/SOURCES.md").toURI()).getParent().resolve(relative);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messages of a corpus mbox file, as bytes, in file order. */
    static List<byte[]> messages(String relative) {
        Path p = path(relative);
        List<byte[]> out = new ArrayList<>();
        try (LocalStore store = new LocalStore("corpus", p.getParent(), List.of(new MboxFormat()), new MboxFormat())) {
            String folder = p.getFileName().toString();
            for (MessageMeta meta : store.index(folder)) {
                try (InputStream in = store.open(folder, meta.key())) {
                    out.add(in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * Appends messages to a folder (created if missing), the i-th with flags, a keyword and a
     * date of its own: every third unseen, every other flagged or answered, every fourth with
     * {@code $Forwarded}, dates a day apart.
     */
    static void fill(MailStore store, String folder, List<byte[]> messages) throws StoreException {
        if (!store.exists(folder)) {
            store.createFolder(folder);
        }
        Instant start = Instant.parse("2019-03-01T08:15:30Z");
        for (int i = 0; i < messages.size(); i++) {
            Set<Flag> flags = EnumSet.noneOf(Flag.class);
            if (i % 3 != 0) {
                flags.add(Flag.SEEN);
            }
            flags.add(i % 2 == 0 ? Flag.FLAGGED : Flag.ANSWERED);
            Set<String> keywords = i % 4 == 0 ? Set.of("$Forwarded") : Set.of();
            store.append(folder, new java.io.ByteArrayInputStream(messages.get(i)), flags, keywords,
                    start.plus(i, ChronoUnit.DAYS).plusSeconds(i * 61L));
        }
    }

    /** What a folder holds: per content digest, each copy's flags, keywords and date (sorted). */
    static Map<String, List<String>> held(MailStore store, String folder) throws Exception {
        Map<String, List<String>> held = new TreeMap<>();
        for (MessageMeta m : store.index(folder)) {
            String digest;
            try (InputStream in = store.open(folder, m.key())) {
                digest = ContentDigest.of(in);
            }
            Instant date = m.internalDate() == null ? null : m.internalDate().truncatedTo(ChronoUnit.SECONDS);
            held.computeIfAbsent(digest, d -> new ArrayList<>()).add(new Held(m.flags(), m.keywords(), date).toString());
        }
        held.values().forEach(l -> l.sort(null));
        return held;
    }

    /** The number of messages a folder holds. */
    static int count(MailStore store, String folder) throws StoreException {
        return store.index(folder).size();
    }
}
