package org.mailsync.config;

import java.util.Objects;

/**
 * A configuration that cannot be used: a syntax error, an unknown key, a bad value, or a name
 * that is not configured. The message always starts with the location
 * ({@code /home/u/.mailsync:7: unknown key "prefx" in store "local"}) and quotes the offending
 * token, so that users can find and fix it without guessing.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ConfigLocation location;
    private final String detail;

    /**
     * @param location where the problem is
     * @param detail what is wrong, quoting the offending token; without the location
     */
    public ConfigException(ConfigLocation location, String detail) {
        super(Objects.requireNonNull(location, "location") + ": " + Objects.requireNonNull(detail, "detail"));
        this.location = location;
        this.detail = detail;
    }

    /** Where the problem is. */
    public ConfigLocation location() {
        return location;
    }

    /**
     * The message without the location, for callers that print the location differently
     * (the CLI prints {@code Error: A channel or store named "x" has not been configured}
     * as the original did).
     */
    public String detail() {
        return detail;
    }
}
