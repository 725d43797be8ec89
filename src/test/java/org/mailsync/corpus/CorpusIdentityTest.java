package org.mailsync.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailsync.identity.IdentityMode;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.mbox.MboxFormat;

/**
 * Proves that our mbox reader and our MSGID identity agree with an independent oracle: Apache
 * Ponymail's own expected parse results ({@code yaml/par*.yaml} in the ponymail corpus), which
 * give, for each message of an mbox by its index, the Message-ID Ponymail found ({@code ''}
 * where there is none). For every mbox file the oracle describes, the file must have a message
 * at every index the oracle names and, where the oracle names every index, exactly that many
 * messages; each message's MSGID identity (null written as {@code ''}, as the oracle does)
 * must equal the oracle's value exactly. No entry is excused.
 *
 * <p>In those yaml files a file name followed directly by another file name has no entries
 * (a YAML null, used by Ponymail for archives of the same mail that should parse alike); such
 * files are not checked against the list that follows. One dynamic test per (yaml, mbox).
 */
class CorpusIdentityTest {

    private static final String PONY = "apache-ponymail-unit-tests/";
    private static final Pattern FILE_KEY = Pattern.compile("^  (corpus/\\S+):\\s*$");
    private static final Pattern INDEX = Pattern.compile("^  - index: (\\d+)\\s*$");
    private static final Pattern MESSAGE_ID = Pattern.compile("^    message-id: (.*)$");

    @TestFactory
    Stream<DynamicTest> msgidIdentityMatchesPonymailOracle() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int entries = 0;
        try (Stream<Path> yamls = Files.list(Corpus.path(PONY + "yaml"))) {
            for (Path yaml : yamls.filter(p -> p.getFileName().toString().startsWith("par")).sorted().toList()) {
                for (Map.Entry<String, Map<Integer, String>> e : parse(yaml).entrySet()) {
                    if (e.getValue().isEmpty()) {
                        continue;
                    }
                    entries += e.getValue().size();
                    String name = yaml.getFileName() + ": " + e.getKey();
                    tests.add(DynamicTest.dynamicTest(name, () -> check(e.getKey(), e.getValue())));
                }
            }
        }
        // 53 asterix + 10 maven_duplicates + 1 ponymail-dev + 3 nexus + 12 httpd-users + 4 miscellaneous
        assertThat(entries).as("oracle entries read").isEqualTo(83);
        return tests.stream();
    }

    private static void check(String mbox, Map<Integer, String> oracle) throws Exception {
        Path file = Corpus.path(PONY + mbox);
        List<String> ours = new ArrayList<>();
        try (LocalStore store = new LocalStore("pony", file.getParent(), List.of(new MboxFormat()), new MboxFormat())) {
            for (MessageMeta meta : store.index(file.getFileName().toString())) {
                String id = MessageIdentifier.identify(IdentityMode.MSGID, meta, null);
                ours.add(id == null ? "" : id);
            }
        }
        int last = oracle.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (oracle.size() == last + 1) {
            assertThat(ours).as("message count of %s (the oracle lists indexes 0..%d)", mbox, last).hasSize(oracle.size());
        } else {
            assertThat(ours.size()).as("message count of %s", mbox).isGreaterThan(last);
        }
        List<String> differences = new ArrayList<>();
        oracle.forEach((index, want) -> {
            if (!want.equals(ours.get(index))) {
                differences.add(mbox + "#" + index + ": ours '" + ours.get(index) + "', oracle '" + want + "'");
            }
        });
        assertThat(differences).as("MSGID identities differing from the ponymail oracle").isEmpty();
    }

    /**
     * The {@code parsing:} section of a ponymail yaml file: mbox path → (index → message-id).
     * Only the few shapes these files use are read: two-space file keys, {@code - index:} items
     * and {@code message-id:} values, plain or single-quoted.
     */
    static Map<String, Map<Integer, String>> parse(Path yaml) {
        List<String> lines;
        try {
            lines = Files.readAllLines(yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<Integer, String>> out = new LinkedHashMap<>();
        boolean inParsing = false;
        Map<Integer, String> current = null;
        Integer index = null;
        for (String line : lines) {
            if (!line.startsWith(" ") && !line.startsWith("#")) {
                inParsing = line.startsWith("parsing:");
                continue;
            }
            if (!inParsing) {
                continue;
            }
            Matcher m;
            if ((m = FILE_KEY.matcher(line)).matches()) {
                current = new TreeMap<>();
                out.put(m.group(1), current);
                index = null;
            } else if ((m = INDEX.matcher(line)).matches()) {
                index = Integer.valueOf(m.group(1));
            } else if ((m = MESSAGE_ID.matcher(line)).matches() && current != null && index != null) {
                current.put(index, unquote(m.group(1).strip()));
            }
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
