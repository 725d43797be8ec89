package org.mailsync.store;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A change to one message's flags, as a delta: flags and keywords to add and to remove, every
 * other flag left as it is. A delta rather than a whole new set, so that a change made by
 * someone else to another flag of the same message meanwhile is kept (IMAP
 * {@code UID STORE +FLAGS} / {@code -FLAGS}).
 *
 * @param add            system flags to set
 * @param remove         system flags to clear
 * @param addKeywords    keywords to set, spelled as the other side spells them
 * @param removeKeywords keywords to clear (compared case-insensitively, RFC 3501 section 2.3.2)
 */
public record FlagChange(Set<Flag> add, Set<Flag> remove, Set<String> addKeywords, Set<String> removeKeywords) {

    public FlagChange {
        add = copy(add);
        remove = copy(remove);
        addKeywords = addKeywords == null || addKeywords.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(addKeywords));
        removeKeywords = removeKeywords == null || removeKeywords.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(removeKeywords));
        for (Flag f : add) {
            if (remove.contains(f)) {
                throw new IllegalArgumentException("flag both added and removed: " + f);
            }
        }
    }

    private static Set<Flag> copy(Set<Flag> flags) {
        return flags == null || flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** Whether this changes nothing. */
    public boolean isEmpty() {
        return add.isEmpty() && remove.isEmpty() && addKeywords.isEmpty() && removeKeywords.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        add.forEach(f -> b.append(" +").append(f));
        addKeywords.forEach(k -> b.append(" +").append(k));
        remove.forEach(f -> b.append(" -").append(f));
        removeKeywords.forEach(k -> b.append(" -").append(k));
        return b.length() == 0 ? "(none)" : b.substring(1);
    }

    /** The change that changes nothing. */
    public static FlagChange none() {
        return new FlagChange(Set.of(), Set.of(), Set.of(), Set.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlagChange c && add.equals(c.add) && remove.equals(c.remove)
                && addKeywords.equals(c.addKeywords) && removeKeywords.equals(c.removeKeywords);
    }

    @Override
    public int hashCode() {
        return Objects.hash(add, remove, addKeywords, removeKeywords);
    }
}
