package org.mailsync.config;

import java.util.Objects;

/**
 * Where every channel of a config keeps its state when it is not the msinfo's SQLite file:
 * the global {@code state jdbc:postgresql://HOST:PORT/DB?user=NAME} key, and the optional
 * {@code statepasscmd "CMD"} that prints the database's password. {@link #toString()} never
 * shows a password written into the URL.
 *
 * @param url      the JDBC URL as written (it may hold {@code password=}: never print it as is)
 * @param passcmd  the command that prints the password, or null
 * @param location where {@code state} was written
 */
public record StateConfig(String url, String passcmd, ConfigLocation location) {

    /** What a state URL starts with: PostgreSQL is the one server-side state there is. */
    public static final String URL_PREFIX = "jdbc:postgresql:";

    public StateConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(location, "location");
    }

    /** The URL with the value of any {@code password=} parameter replaced by {@code ***}. */
    public String shownUrl() {
        return redact(url);
    }

    /** A text with the value of every {@code password=} parameter replaced by {@code ***}. */
    static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&\\s\"]*", "$1***");
    }

    @Override
    public String toString() {
        return "StateConfig[url=" + shownUrl() + ", passcmd=" + (passcmd == null ? "none" : "set") + "]";
    }
}
