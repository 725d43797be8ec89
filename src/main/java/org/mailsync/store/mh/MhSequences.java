package org.mailsync.store.mh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The public sequences of an MH folder, as kept in its {@code .mh_sequences} file (nmh
 * mh-sequence(5)): one line per sequence, {@code name: 1-3 5 7-9}, message numbers and
 * inclusive ranges separated by spaces.
 *
 * <p>nmh reads the file with its RFC 822 field parser ({@code m_getfld}), so a line starting
 * with white space continues the previous sequence; this class accepts that too. Sequences
 * this class is not asked to change are written back exactly as they were read, byte for
 * byte, continuation lines and all, so that mailsync never disturbs what the user's MH tools
 * keep there ({@code cur}, {@code pseq} picks and so on). A sequence that is changed is written
 * in nmh's own form, on one line, and left out once it has no members, as nmh's
 * {@code seq_save} does.
 *
 * <p>Members are kept as ranges, not as single numbers, so that a sequence like
 * {@code 1-2000000000} costs nothing. Instances are not thread-safe.
 */
public final class MhSequences {

    /** One line of the file (with its continuation lines): a sequence, or text we keep as is. */
    private static final class Entry {
        final String name;          // null for a line that is not a sequence
        final String raw;           // the line(s) as read, without the final line end
        TreeMap<Integer, Integer> ranges; // start -> end, inclusive; null when name is null
        boolean changed;

        Entry(String name, String raw, TreeMap<Integer, Integer> ranges) {
            this.name = name;
            this.raw = raw;
            this.ranges = ranges;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    private MhSequences() {
    }

    /** An empty set of sequences, as for a folder without {@code .mh_sequences}. */
    public static MhSequences empty() {
        return new MhSequences();
    }

    /** Parses the contents of a {@code .mh_sequences} file (read as ISO-8859-1, so any byte survives). */
    public static MhSequences parse(byte[] content) {
        return parse(new String(content, StandardCharsets.ISO_8859_1));
    }

    /** Parses the text of a {@code .mh_sequences} file. */
    public static MhSequences parse(String text) {
        MhSequences seqs = new MhSequences();
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        // split leaves one empty string after a final line end; it is not a line.
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int i = 0;
        while (i < lines.size()) {
            StringBuilder raw = new StringBuilder(lines.get(i));
            StringBuilder value = new StringBuilder();
            String first = lines.get(i);
            i++;
            // Continuation lines start with white space (m_getfld field folding).
            while (i < lines.size() && !lines.get(i).isEmpty() && isBlank(lines.get(i).charAt(0))) {
                raw.append('\n').append(lines.get(i));
                value.append(' ').append(lines.get(i));
                i++;
            }
            int colon = first.indexOf(':');
            String name = colon > 0 ? first.substring(0, colon).trim() : "";
            if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
                seqs.entries.add(new Entry(null, raw.toString(), null));
                continue;
            }
            String allValues = first.substring(colon + 1) + value;
            seqs.entries.add(new Entry(name, raw.toString(), parseMembers(allValues)));
        }
        return seqs;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Numbers and {@code first-last} ranges. Like nmh's {@code seq_init}, a token that is not a
     * positive number or a proper range is skipped rather than failing the whole folder.
     */
    private static TreeMap<Integer, Integer> parseMembers(String value) {
        TreeMap<Integer, Integer> ranges = new TreeMap<>();
        for (String token : value.trim().split("[ \t\r]+")) {
            if (token.isEmpty()) {
                continue;
            }
            int dash = token.indexOf('-');
            int start = positive(dash < 0 ? token : token.substring(0, dash));
            int end = dash < 0 ? start : positive(token.substring(dash + 1));
            if (start > 0 && end >= start) {
                addRange(ranges, start, end);
            }
        }
        return ranges;
    }

    /** The number, or -1 if the text is not a positive decimal int. */
    private static int positive(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long v = Long.parseLong(s);
        return v > 0 && v <= Integer.MAX_VALUE ? (int) v : -1;
    }

    private static void addRange(TreeMap<Integer, Integer> ranges, int start, int end) {
        // Merge with any range that overlaps or touches [start, end].
        Map.Entry<Integer, Integer> before = ranges.floorEntry(start);
        if (before != null && (long) before.getValue() + 1 >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            ranges.remove(before.getKey());
        }
        Map.Entry<Integer, Integer> next = ranges.ceilingEntry(start);
        while (next != null && (long) next.getKey() - 1 <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    private Entry find(String name) {
        for (Entry e : entries) {
            if (name.equals(e.name)) {
                return e;
            }
        }
        return null;
    }

    /** The names of the sequences in the file, in file order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            if (e.name != null) {
                names.add(e.name);
            }
        }
        return names;
    }

    /** Whether message {@code number} is in the named sequence. */
    public boolean contains(String name, int number) {
        Entry e = find(name);
        if (e == null) {
            return false;
        }
        Map.Entry<Integer, Integer> r = e.ranges.floorEntry(number);
        return r != null && r.getValue() >= number;
    }

    /** Whether message {@code number} is in any sequence but the ones named. */
    public boolean inAnySequenceBut(int number, Collection<String> except) {
        for (Entry e : entries) {
            if (e.name != null && !except.contains(e.name) && contains(e.name, number)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds message {@code number} to the named sequence, creating the sequence at the end of the
     * file if there is none yet.
     *
     * @return whether the sequence changed
     */
    public boolean add(String name, int number) {
        if (contains(name, number)) {
            return false;
        }
        Entry e = find(name);
        if (e == null) {
            e = new Entry(name, null, new TreeMap<>());
            entries.add(e);
        }
        addRange(e.ranges, number, number);
        e.changed = true;
        return true;
    }

    /**
     * Removes message {@code number} from the named sequence.
     *
     * @return whether the sequence changed
     */
    public boolean remove(String name, int number) {
        if (!contains(name, number)) {
            return false;
        }
        Entry e = find(name);
        Map.Entry<Integer, Integer> r = e.ranges.floorEntry(number);
        int start = r.getKey();
        int end = r.getValue();
        e.ranges.remove(start);
        if (start < number) {
            e.ranges.put(start, number - 1);
        }
        if (number < end) {
            e.ranges.put(number + 1, end);
        }
        e.changed = true;
        return true;
    }

    /**
     * Removes message {@code number} from every sequence but the ones named.
     *
     * @return whether any sequence changed
     */
    public boolean removeEverywhereBut(int number, Collection<String> except) {
        boolean changed = false;
        for (String name : names()) {
            if (!except.contains(name)) {
                changed |= remove(name, number);
            }
        }
        return changed;
    }

    /** The members of the named sequence in nmh's form ({@code 1-3 5}), empty if there is none. */
    public String members(String name) {
        Entry e = find(name);
        return e == null ? "" : format(e.ranges);
    }

    private static String format(TreeMap<Integer, Integer> ranges) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Integer, Integer> r : ranges.entrySet()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(r.getKey());
            if (!r.getValue().equals(r.getKey())) {
                sb.append('-').append(r.getValue());
            }
        }
        return sb.toString();
    }

    /**
     * The file's new text: unchanged sequences and foreign lines exactly as read, changed ones as
     * {@code name: ranges} (nmh mh-sequence(5)), emptied ones left out.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (e.name == null || !e.changed) {
                sb.append(e.raw).append('\n');
            } else if (!e.ranges.isEmpty()) {
                sb.append(e.name).append(": ").append(format(e.ranges)).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@link #render()} as the bytes to write. */
    public byte[] toBytes() {
        return render().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MhSequences s && render().equals(s.render());
    }

    @Override
    public int hashCode() {
        return Objects.hash(render());
    }

    @Override
    public String toString() {
        return render();
    }
}
