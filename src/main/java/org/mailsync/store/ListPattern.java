package org.mailsync.store;

import java.util.regex.Pattern;

/**
 * An IMAP LIST mailbox pattern (RFC 3501 section 6.3.8): {@code *} matches zero or more
 * characters, {@code %} the same but not the hierarchy delimiter. {@code INBOX} is matched
 * case-insensitively, as the name INBOX is case-insensitive in IMAP.
 */
public final class ListPattern {

    private final String pattern;
    private final Pattern regex;

    private ListPattern(String pattern, char delimiter) {
        this.pattern = pattern;
        StringBuilder re = new StringBuilder();
        String delim = Pattern.quote(String.valueOf(delimiter));
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '%') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : "(?:(?!" + delim + ").)*");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Compiles a pattern for a store with the given hierarchy delimiter. */
    public static ListPattern of(String pattern, char delimiter) {
        return new ListPattern(pattern, delimiter);
    }

    /** Whether a full folder name matches. */
    public boolean matches(String name) {
        if (regex.matcher(name).matches()) {
            return true;
        }
        // INBOX is case-insensitive: compare with the name's INBOX part folded to upper case.
        if (name.regionMatches(true, 0, "INBOX", 0, 5) && (name.length() == 5 || !Character.isLetterOrDigit(name.charAt(5)))) {
            return regex.matcher("INBOX" + name.substring(5)).matches()
                    || regex.matcher("inbox" + name.substring(5)).matches();
        }
        return false;
    }

    /**
     * The part of the pattern before its first wildcard, cut back to the last delimiter: the
     * place a local store starts walking from ("" when the pattern starts with a wildcard).
     */
    public String literalParent(char delimiter) {
        int wild = indexOfWildcard(pattern);
        if (wild < 0) {
            int last = pattern.lastIndexOf(delimiter);
            return last < 0 ? "" : pattern.substring(0, last);
        }
        int last = pattern.lastIndexOf(delimiter, wild);
        return last < 0 ? "" : pattern.substring(0, last);
    }

    /**
     * How many levels below {@link #literalParent(char)} a name can lie and still match, or -1
     * when there is no bound ({@code *}). Local stores use it to avoid walking a whole home
     * directory for {@code pat %}.
     */
    public int maxDepthBelowParent(char delimiter) {
        String parent = literalParent(delimiter);
        String rest = parent.isEmpty() ? pattern : pattern.substring(parent.length() + 1);
        if (rest.indexOf('*') >= 0) {
            return -1;
        }
        int depth = 1;
        for (char c : rest.toCharArray()) {
            if (c == delimiter) {
                depth++;
            }
        }
        return depth;
    }

    private static int indexOfWildcard(String p) {
        int a = p.indexOf('*');
        int b = p.indexOf('%');
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
