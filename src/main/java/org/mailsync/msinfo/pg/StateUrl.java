package org.mailsync.msinfo.pg;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL state lives: a {@code jdbc:postgresql:} URL and the password, which is
 * never shown. A {@code password=} parameter of the configured URL is taken out of it here, so
 * that the URL handed to the driver and to Flyway (which log and repeat it in their messages)
 * has none; the password goes to the driver on its own. {@link #redact(String)} takes it out of
 * any text that may still hold it (a driver's error message).
 */
public final class StateUrl {

    /** What every state URL starts with. */
    public static final String PREFIX = "jdbc:postgresql:";

    private static final Pattern PASSWORD_PARAM = Pattern.compile("([?&])password=([^&]*)&?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_PASSWORD_PARAM = Pattern.compile("(password=)[^&\\s]*", Pattern.CASE_INSENSITIVE);

    private final String url;
    private final String password;

    private StateUrl(String url, String password) {
        this.url = url;
        this.password = password;
    }

    /**
     * The state at a URL.
     *
     * @param url      {@code jdbc:postgresql://host:port/db?user=...}, perhaps with {@code password=}
     * @param password the password from {@code statepasscmd}, or null: the URL's, if any
     * @throws IllegalArgumentException the URL is not a PostgreSQL JDBC URL (the message shows it redacted)
     */
    public static StateUrl of(String url, String password) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("state " + redactUrl(url) + " is not a PostgreSQL JDBC URL ("
                    + PREFIX + "//HOST:PORT/DATABASE?user=NAME)");
        }
        Matcher m = PASSWORD_PARAM.matcher(url);
        String inUrl = null;
        String bare = url;
        if (m.find()) {
            inUrl = java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8);
            String rest = url.substring(m.end());
            bare = url.substring(0, m.start()) + (rest.isEmpty() ? "" : m.group(1)) + rest;
        }
        return new StateUrl(bare, password != null ? password : inUrl);
    }

    /** The URL without any password: what the driver is given, and safe to show. */
    public String url() {
        return url;
    }

    /** The password, or null when the server needs none (trust, peer or a .pgpass file). */
    String password() {
        return password;
    }

    /** The text with any {@code password=} parameter and the password itself replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = redactUrl(text);
        if (password != null && !password.isEmpty()) {
            out = out.replace(password, "***");
        }
        return out;
    }

    /** A URL (or any text) with the value of every {@code password=} parameter replaced by {@code ***}. */
    public static String redactUrl(String text) {
        return ANY_PASSWORD_PARAM.matcher(text).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return url;
    }
}
