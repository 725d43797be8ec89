package org.mailsync.store.mbox;

/**
 * The mboxrd quoting rule (Qmail mbox(5); RFC 4155 appendix A): when storing, every line
 * matching {@code ^>*From } gets one more {@code >}; when reading, every line matching
 * {@code ^>+From } loses one. Unlike mboxo (which quotes only {@code ^From }), this is
 * reversible.
 *
 * <p>Reading mboxo files with this rule is right for the common case, a body line
 * {@code From ...} stored as {@code >From ...}. The one ambiguity: a line that was
 * {@code >From ...} in the original message is stored unchanged by mboxo writers and comes
 * back as {@code From ...}; nothing in an mboxo file tells the two apart.
 */
final class MboxrdQuoting {

    private MboxrdQuoting() {
    }

    /**
     * How many {@code >} precede {@code From } at the start of these line bytes, or -1 if the
     * line does not match {@code ^>*From }.
     */
    static int quoteDepth(byte[] head, int n) {
        int i = 0;
        while (i < n && head[i] == '>') {
            i++;
        }
        if (n - i < 5) {
            return -1;
        }
        for (int k = 0; k < 5; k++) {
            if (head[i + k] != FromLine.PREFIX[k]) {
                return -1;
            }
        }
        return i;
    }

    /** Whether these are the bytes of an empty line ({@code \n} or {@code \r\n}). */
    static boolean isBlank(byte[] head, int n) {
        return (n >= 1 && head[0] == '\n') || (n >= 2 && head[0] == '\r' && head[1] == '\n');
    }
}
