package org.mailsync.sync;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.Flag;
import org.mailsync.store.FlagChange;
import org.mailsync.store.MessageMeta;

/**
 * The flags of one message that flag sync keeps equal on both sides: \Seen \Answered \Flagged
 * \Draft and the IMAP keywords. \Deleted is not among them: a user's \Deleted is never
 * propagated (SEMANTICS.md), and \Recent is the server's.
 *
 * <p>Keywords are case-insensitive (RFC 3501 section 2.3.2): two states are equal when their
 * keywords are equal ignoring ASCII case; the spelling kept is the one seen.
 *
 * @param flags    the system flags, never {@link Flag#DELETED}
 * @param keywords the keywords as spelled by the store
 */
public record FlagState(Set<Flag> flags, Set<String> keywords) {

    public FlagState {
        EnumSet<Flag> f = flags == null || flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        f.remove(Flag.DELETED);
        flags = Collections.unmodifiableSet(f);
        keywords = keywords == null || keywords.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(keywords));
    }

    /** A message's synced flags as its store reported them. */
    public static FlagState of(MessageMeta meta) {
        return new FlagState(meta.flags(), meta.keywords());
    }

    /** No flag at all. */
    public static FlagState none() {
        return new FlagState(Set.of(), Set.of());
    }

    /** Whether the keyword is set, ignoring ASCII case. */
    public boolean hasKeyword(String keyword) {
        String k = fold(keyword);
        return keywords.stream().anyMatch(x -> fold(x).equals(k));
    }

    /** The keywords folded to lower case, for comparisons. */
    public Set<String> foldedKeywords() {
        Set<String> out = new TreeSet<>();
        keywords.forEach(k -> out.add(fold(k)));
        return out;
    }

    /** Whether both hold the same flags and keywords (keywords ignoring ASCII case). */
    public boolean sameAs(FlagState other) {
        return other != null && flags.equals(other.flags) && foldedKeywords().equals(other.foldedKeywords());
    }

    /**
     * The state after a change: its flags and keywords added and removed, everything else
     * kept. A keyword already set in another case keeps the spelling it has here.
     */
    public FlagState apply(FlagChange change) {
        EnumSet<Flag> f = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        f.addAll(change.add());
        f.removeAll(change.remove());
        Set<String> removed = new TreeSet<>();
        change.removeKeywords().forEach(k -> removed.add(fold(k)));
        Set<String> k = new TreeSet<>();
        keywords.stream().filter(x -> !removed.contains(fold(x))).forEach(k::add);
        FlagState kept = new FlagState(f, k);
        for (String add : change.addKeywords()) {
            if (!kept.hasKeyword(add)) {
                k.add(add);
            }
        }
        return new FlagState(f, k);
    }

    /**
     * The state as one line for the state database: system flags as IMAP spells them, then the
     * keywords, separated by single spaces ({@code "\\Seen \\Flagged $Junk"}); "" for none.
     */
    public String encode() {
        StringBuilder b = new StringBuilder();
        for (Flag f : flags) {
            b.append(' ').append(imapName(f));
        }
        for (String k : keywords) {
            b.append(' ').append(k);
        }
        return b.length() == 0 ? "" : b.substring(1);
    }

    /** Reads what {@link #encode()} wrote; unknown system flags are dropped. */
    public static FlagState parse(String text) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        Set<String> keywords = new TreeSet<>();
        if (text != null) {
            for (String word : text.trim().split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.startsWith("\\")) {
                    Flag f = systemFlag(word);
                    if (f != null) {
                        flags.add(f);
                    }
                } else {
                    keywords.add(word);
                }
            }
        }
        return new FlagState(flags, keywords);
    }

    /** A system flag as IMAP spells it: {@code \Seen}. */
    public static String imapName(Flag f) {
        String n = f.name().toLowerCase(Locale.ROOT);
        return "\\" + Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    private static Flag systemFlag(String word) {
        for (Flag f : Flag.values()) {
            if (imapName(f).equalsIgnoreCase(word)) {
                return f == Flag.DELETED ? null : f;
            }
        }
        return null;
    }

    static String fold(String keyword) {
        return keyword.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        String e = encode();
        return e.isEmpty() ? "(none)" : e;
    }
}
