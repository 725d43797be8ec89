package org.mailsync.store;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system flags and keywords one message has in its store, and what a {@link FlagChange}
 * makes of them: how every local store applies a delta to what it read of a message.
 *
 * <p>Keywords compare ignoring ASCII case (RFC 3501 section 2.3.2): removing {@code $junk}
 * removes {@code $Junk}, and adding {@code work} to a message that has {@code Work} keeps the
 * spelling the store already has, so a store never ends up with two spellings of one keyword.
 *
 * @param flags    the system flags
 * @param keywords the keywords, as the store spells them
 */
public record StoredFlags(Set<Flag> flags, Set<String> keywords) {

    public StoredFlags {
        flags = flags == null || flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        keywords = keywords == null || keywords.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(keywords));
    }

    /** What an index reported of a message. */
    public static StoredFlags of(MessageMeta meta) {
        return new StoredFlags(meta.flags(), meta.keywords());
    }

    /** The state once the change is applied; every flag and keyword it does not name stays. */
    public StoredFlags apply(FlagChange change) {
        EnumSet<Flag> f = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        f.addAll(change.add());
        f.removeAll(change.remove());
        Set<String> k = new TreeSet<>();
        for (String keyword : keywords) {
            if (!containsIgnoreCase(change.removeKeywords(), keyword)) {
                k.add(keyword);
            }
        }
        for (String keyword : change.addKeywords()) {
            if (!containsIgnoreCase(k, keyword)) {
                k.add(keyword);
            }
        }
        return new StoredFlags(f, k);
    }

    /** Whether the keywords hold this one, ignoring ASCII case. */
    public static boolean containsIgnoreCase(Collection<String> keywords, String keyword) {
        String folded = fold(keyword);
        for (String k : keywords) {
            if (fold(k).equals(folded)) {
                return true;
            }
        }
        return false;
    }

    /** A keyword folded for comparisons (RFC 3501: keywords are case-insensitive). */
    public static String fold(String keyword) {
        return keyword.toLowerCase(Locale.ROOT);
    }
}
