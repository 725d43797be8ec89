package org.mailsync.config;

import java.util.Locale;

/**
 * An IMAP store written inline, {@code imap://USER@HOST[:PORT][/FLAG...]} or {@code imaps://...}
 * ({@code mailsync migrate}'s arguments, a row of an {@code accounts} table), as the original's
 * server spec it stands for: {@code {HOST[:PORT]/user=USER[/ssl][/FLAG...]}}. {@code /xoauth2}
 * is ours, not a c-client flag: it is the store's {@code auth xoauth2} (its password command
 * then prints an access token) and is left out of the server spec.
 *
 * @param server  the server spec, in braces
 * @param xoauth2 whether the spec asked for {@code /xoauth2}
 */
public record ImapSpec(String server, boolean xoauth2) {

    /** What an IMAP store spec looks like, for error messages. */
    public static final String FORM = "imap://USER@HOST[:PORT][/FLAG...]";

    /** Whether the text is written as an IMAP store ({@code imap://} or {@code imaps://}). */
    public static boolean isImap(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("imap://") || lower.startsWith("imaps://");
    }

    /**
     * Reads a spec that {@link #isImap} accepts.
     *
     * @throws IllegalArgumentException no user, no host, or a brace where the server spec would
     *                                  end; the message says the form
     */
    public static ImapSpec parse(String text) {
        boolean ssl = text.toLowerCase(Locale.ROOT).startsWith("imaps://");
        String rest = text.substring(ssl ? 8 : 7);
        int at = rest.lastIndexOf('@');
        String user = at <= 0 ? "" : rest.substring(0, at);
        String hostAndFlags = rest.substring(at + 1);
        int slash = hostAndFlags.indexOf('/');
        String host = slash < 0 ? hostAndFlags : hostAndFlags.substring(0, slash);
        String flags = slash < 0 ? "" : hostAndFlags.substring(slash);
        while (flags.endsWith("/")) {
            flags = flags.substring(0, flags.length() - 1);
        }
        if (at <= 0 || host.isEmpty() || user.contains("/") || user.contains("}") || flags.contains("}")) {
            throw new IllegalArgumentException("an IMAP store is " + FORM + " (or imaps://)");
        }
        boolean xoauth2 = false;
        StringBuilder kept = new StringBuilder();
        if (!flags.isEmpty()) {
            for (String f : flags.substring(1).split("/", -1)) {
                if (f.equalsIgnoreCase(StoreConfig.AUTH_XOAUTH2)) {
                    xoauth2 = true;
                } else {
                    kept.append('/').append(f);
                }
            }
        }
        return new ImapSpec("{" + host + "/user=" + user + (ssl ? "/ssl" : "") + kept + "}", xoauth2);
    }
}
