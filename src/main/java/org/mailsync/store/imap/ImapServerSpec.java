package org.mailsync.store.imap;

import java.util.Locale;
import java.util.Objects;

/**
 * A UW c-client server specification, {@code {host[:port][/flag...]}mailbox}, as the original
 * mailsync reads it from its {@code server} and {@code ref} settings (and from msinfo
 * locations). Only IMAP is supported; flags that make no sense for it, or that we do not
 * know, are rejected by name instead of being silently ignored, since a misspelt {@code /ssl}
 * would otherwise send a password in clear.
 *
 * <p>Flag names are case-insensitive as in c-client; values ({@code /user=}) keep their case
 * and may be double-quoted with backslash escapes.
 */
public final class ImapServerSpec {

    /** Plain IMAP port (RFC 3501 section 2.1). */
    public static final int IMAP_PORT = 143;
    /** IMAP over implicit TLS (RFC 8314 section 3.3). */
    public static final int IMAPS_PORT = 993;

    /** Whether and how STARTTLS (RFC 3501 section 6.2.1) is used on a plain connection. */
    public enum TlsMode {
        /** {@code /tls}: the session must be upgraded with STARTTLS, or it fails. */
        REQUIRED,
        /** {@code /notls}: never issue STARTTLS. */
        NEVER,
        /** Neither flag: STARTTLS when the server offers it, as c-client does. */
        OPPORTUNISTIC
    }

    private final String host;
    private final int port;
    private final boolean ssl;
    private final TlsMode tls;
    private final boolean validateCert;
    private final String user;
    private final String authUser;
    private final boolean secure;
    private final boolean debug;
    private final String mailbox;

    private ImapServerSpec(String host, int port, boolean ssl, TlsMode tls, boolean validateCert, String user,
            String authUser, boolean secure, boolean debug, String mailbox) {
        this.host = host;
        this.port = port;
        this.ssl = ssl;
        this.tls = tls;
        this.validateCert = validateCert;
        this.user = user;
        this.authUser = authUser;
        this.secure = secure;
        this.debug = debug;
        this.mailbox = mailbox;
    }

    /**
     * Parses a spec such as {@code {imap.example.org:1143/user=alice/tls}INBOX.}.
     *
     * @throws IllegalArgumentException naming the offending part when the spec is malformed,
     *                                  a flag is unknown or flags contradict each other
     */
    public static ImapServerSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        if (!s.startsWith("{")) {
            throw new IllegalArgumentException("server spec must start with '{': " + spec);
        }
        int close = closingBrace(s);
        if (close < 0) {
            throw new IllegalArgumentException("server spec has no closing '}': " + spec);
        }
        String inside = s.substring(1, close);
        String mailbox = s.substring(close + 1);

        // Split off the flags; a '/' inside a quoted value does not start a flag.
        java.util.List<String> parts = splitFlags(inside, spec);
        String hostPort = parts.get(0);
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException("server spec has no host: " + spec);
        }
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) { // IPv6 literal, as c-client accepts it
            int end = hostPort.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("unterminated '[' in host: " + spec);
            }
            host = hostPort.substring(1, end);
            String rest = hostPort.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("junk after host: " + spec);
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("server spec has no host: " + spec);
        }

        boolean ssl = false;
        Boolean tlsFlag = null; // TRUE for /tls, FALSE for /notls
        boolean validateCert = true;
        String user = null;
        String authUser = null;
        boolean secure = false;
        boolean debug = false;
        for (String flag : parts.subList(1, parts.size())) {
            int eq = flag.indexOf('=');
            String name = (eq < 0 ? flag : flag.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(flag.substring(eq + 1), spec);
            switch (name) {
                case "imap", "imap4", "imap4rev1", "norsh" -> noValue(name, value, spec);
                case "ssl" -> { noValue(name, value, spec); ssl = true; }
                case "tls" -> { noValue(name, value, spec); tlsFlag = conflict(tlsFlag, true, spec); }
                case "notls" -> { noValue(name, value, spec); tlsFlag = conflict(tlsFlag, false, spec); }
                case "novalidate-cert" -> { noValue(name, value, spec); validateCert = false; }
                case "validate-cert" -> { noValue(name, value, spec); validateCert = true; }
                case "secure" -> { noValue(name, value, spec); secure = true; }
                case "debug" -> { noValue(name, value, spec); debug = true; }
                case "user" -> user = needValue(name, value, spec);
                case "authuser" -> authUser = needValue(name, value, spec);
                case "service" -> {
                    String service = needValue(name, value, spec);
                    if (!service.equalsIgnoreCase("imap")) {
                        throw new IllegalArgumentException("unsupported service '" + service + "' (only imap): " + spec);
                    }
                }
                default -> throw new IllegalArgumentException("unknown flag '/" + flag + "' in server spec " + spec);
            }
        }
        if (ssl && tlsFlag != null) {
            // /ssl is TLS from the first byte; STARTTLS on top of it means nothing.
            throw new IllegalArgumentException("/ssl cannot be combined with /" + (tlsFlag ? "tls" : "notls") + ": " + spec);
        }
        int port;
        if (portText == null) {
            port = ssl ? IMAPS_PORT : IMAP_PORT;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port '" + portText + "': " + spec);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range '" + portText + "': " + spec);
            }
        }
        TlsMode tls = tlsFlag == null ? TlsMode.OPPORTUNISTIC : tlsFlag ? TlsMode.REQUIRED : TlsMode.NEVER;
        return new ImapServerSpec(host, port, ssl, tls, validateCert, user, authUser, secure, debug, mailbox);
    }

    private static int closingBrace(String s) {
        boolean quoted = false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '}' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static java.util.List<String> splitFlags(String inside, String spec) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (quoted && c == '\\' && i + 1 < inside.length()) {
                cur.append(c).append(inside.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '/' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in server spec " + spec);
        }
        parts.add(cur.toString());
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).isEmpty()) {
                throw new IllegalArgumentException("empty flag in server spec " + spec);
            }
        }
        return parts;
    }

    private static String unquote(String v, String spec) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) {
                    c = v.charAt(++i);
                }
                out.append(c);
            }
            return out.toString();
        }
        if (v.indexOf('"') >= 0) {
            throw new IllegalArgumentException("stray quote in flag value '" + v + "': " + spec);
        }
        return v;
    }

    private static void noValue(String name, String value, String spec) {
        if (value != null) {
            throw new IllegalArgumentException("flag /" + name + " takes no value: " + spec);
        }
    }

    private static String needValue(String name, String value, String spec) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("flag /" + name + " needs a value (/" + name + "=...): " + spec);
        }
        return value;
    }

    private static Boolean conflict(Boolean previous, boolean now, String spec) {
        if (previous != null && previous != now) {
            throw new IllegalArgumentException("/tls and /notls contradict each other: " + spec);
        }
        return now;
    }

    /** The server's host name or address (an IPv6 literal without its brackets). */
    public String host() {
        return host;
    }

    /** The port: as given, else 993 with {@code /ssl}, else 143. */
    public int port() {
        return port;
    }

    /** {@code /ssl}: TLS from the first byte (imaps). */
    public boolean ssl() {
        return ssl;
    }

    /** STARTTLS policy; meaningful only when not {@link #ssl()}. */
    public TlsMode tls() {
        return tls;
    }

    /** False with {@code /novalidate-cert}: any certificate and host name is accepted. */
    public boolean validateCert() {
        return validateCert;
    }

    /** {@code /user=}: the user to log in as, or null (c-client then asks or uses the login name). */
    public String user() {
        return user;
    }

    /** {@code /authuser=}: the user whose credentials authenticate (SASL PLAIN authcid), or null. */
    public String authUser() {
        return authUser;
    }

    /** {@code /secure}: never send the password over an unencrypted connection. */
    public boolean secure() {
        return secure;
    }

    /** {@code /debug}: log the IMAP protocol exchange (authentication stays hidden). */
    public boolean debug() {
        return debug;
    }

    /** The mailbox name after the closing brace; empty when there is none. */
    public String mailbox() {
        return mailbox;
    }

    /** The spec without its mailbox, in canonical form; never contains a password. */
    public String server() {
        StringBuilder b = new StringBuilder("{");
        b.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port).append("/imap");
        if (ssl) {
            b.append("/ssl");
        }
        if (tls == TlsMode.REQUIRED) {
            b.append("/tls");
        } else if (tls == TlsMode.NEVER) {
            b.append("/notls");
        }
        if (!validateCert) {
            b.append("/novalidate-cert");
        }
        if (user != null) {
            b.append("/user=").append(quoteIfNeeded(user));
        }
        if (authUser != null) {
            b.append("/authuser=").append(quoteIfNeeded(authUser));
        }
        if (secure) {
            b.append("/secure");
        }
        return b.append('}').toString();
    }

    /** Values holding a flag separator, brace or quote are written quoted, so parse() reads them back. */
    private static String quoteIfNeeded(String v) {
        if (v.chars().noneMatch(c -> c == '/' || c == '}' || c == '"' || c == '\\')) {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return server() + mailbox;
    }
}
