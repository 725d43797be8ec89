package org.mailsync.assembly;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

import javax.net.ssl.SSLHandshakeException;

import org.mailsync.config.ConfigException;
import org.mailsync.config.StoreConfig;
import org.mailsync.store.StoreException;
import org.mailsync.store.imap.ImapServerSpec;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.imap.LoginSecret;
import org.mailsync.store.imap.Throttle;

/**
 * Opens IMAP stores from their config: the {@code server} spec, the password and the LIST
 * pattern, connected and logged in before the run goes on.
 *
 * <p><b>Password</b>, in this order: the store's {@code passwd}; the first line printed by its
 * {@code passcmd} (run with {@code /bin/sh -c}); a prompt without echo when there is a
 * terminal; else an error. A channel's {@code passwd} is not a fallback: in the original it is
 * the password of a {@code msinfo} mailbox on a server only (c-client's login callback takes
 * the password of whichever store or msinfo is being opened), and our msinfo is always local.
 *
 * <p><b>OAuth2</b> ({@code auth xoauth2}): the secret is an access token, printed by
 * {@code passcmd}, which runs for every login rather than once per run (a token expires
 * within the hour, and a helper such as {@code oama} or {@code mailctl} refreshes it), and
 * once more when the server refuses the token it printed; or a fixed token in {@code passwd}.
 * Never asked for at a prompt.
 *
 * <p><b>{@code ref} and {@code pat}</b>: the original calls c-client's
 * {@code mail_list(stream, ref, pat)}, which lists on the store's open connection, takes the
 * part of {@code ref} after its {@code {server}} as the LIST reference and sends
 * {@code LIST "<that part>" "<pat>"}. Servers such as Dovecot and Cyrus read that as the
 * reference followed by the pattern, so we list {@code <ref mailbox part><pat>} with an empty
 * reference, which gives the same full names on every server. The host in {@code ref} is not
 * used, as in c-client (the connection is the {@code server}'s); a different host is reported.
 * {@code prefix} is stripped from the full names, as in the original. Without {@code ref} the
 * reference is empty (the original then listed nothing on the server).
 */
final class ImapStores {

    /** Reads a password from the user; returns null when there is nobody to ask. */
    @FunctionalInterface
    interface PasswordPrompt {
        char[] read(String prompt);

        /** The terminal, without echo; null when there is none (cron, pipes, tests). */
        PasswordPrompt CONSOLE = prompt -> {
            Console console = System.console();
            return console == null ? null : console.readPassword("%s", prompt);
        };
    }

    private ImapStores() {
    }

    /** Opens, connects and logs in to the store of a config whose {@code server} is set. */
    static ImapStore open(StoreConfig config, PrintStream notes, boolean debugProtocol, PasswordPrompt prompt)
            throws ConfigException, StoreException {
        try (Login login = login(config, notes, debugProtocol, prompt)) {
            return login.open();
        }
    }

    /**
     * The login of a config whose {@code server} is set: the spec and the password, found once
     * (a {@code passcmd} runs, a prompt asks, once per run), so that further connections with
     * the same login ({@link ConnectionPool}) ask nobody again. Connects to nothing yet.
     */
    static Login login(StoreConfig config, PrintStream notes, boolean debugProtocol, PasswordPrompt prompt)
            throws ConfigException {
        ImapServerSpec spec = spec(config, config.server(), "server");
        if (debugProtocol && !spec.debug()) {
            // -di: the same as writing /debug into the spec (the store still hides the login).
            spec = ImapServerSpec.parse(spec.server().replaceFirst("}$", "/debug}") + spec.mailbox());
        }
        warn(config, spec, notes);
        return new Login(config, debugProtocol, spec, secret(config, spec, prompt));
    }

    /**
     * Where a store's logins get their secret: with {@code auth xoauth2} and {@code passcmd},
     * the command at every login; otherwise the password found now, once.
     */
    private static LoginSecret secret(StoreConfig config, ImapServerSpec spec, PasswordPrompt prompt) throws ConfigException {
        if (config.oauth2() && config.passcmd() != null) {
            return new LoginSecret() {
                @Override
                public char[] get() throws StoreException {
                    try {
                        return passcmd(config);
                    } catch (ConfigException e) {
                        throw new StoreException(e.getMessage(), e);
                    }
                }

                @Override
                public boolean renewable() {
                    return true;
                }
            };
        }
        char[] password = password(config, spec, prompt);
        try {
            return LoginSecret.fixed(password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** What a run says about a store's spec, every run, whether or not it logs in anew. */
    private static void warn(StoreConfig config, ImapServerSpec spec, PrintStream notes) {
        if (!spec.validateCert()) {
            // Every run, not just once: a forgotten /novalidate-cert must stay visible.
            notes.println("Warning: store " + config.name() + ": /novalidate-cert: the certificate of " + spec.host()
                    + " is not checked; anyone on the network path could read the mail and the password");
        }
    }

    /**
     * A store's server and password, able to open connected stores with them; closing it
     * clears the password it keeps (every store keeps a copy of its own).
     */
    static final class Login implements AutoCloseable {
        private final StoreConfig config;
        private final boolean debugProtocol;
        private final ImapServerSpec spec;
        private final LoginSecret secret;
        /** The store's {@code throttle}, one for all the connections of this login; null for none. */
        private final Throttle throttle;

        private Login(StoreConfig config, boolean debugProtocol, ImapServerSpec spec, LoginSecret secret) {
            this.config = config;
            this.debugProtocol = debugProtocol;
            this.spec = spec;
            this.secret = secret;
            this.throttle = config.throttle() == null ? null : new Throttle(config.throttle());
        }

        /** The store's name in the config. */
        String storeName() {
            return config.name();
        }

        /**
         * Whether connections of this login are what a run with this config would open: the
         * same server spec, password or {@code passcmd}, {@code auth}, {@code throttle},
         * {@code maxconnections} and {@code -di} (what else a store's config says, such as
         * {@code pat}, is read by each run itself).
         */
        boolean serves(StoreConfig other, boolean otherDebugProtocol) {
            return config.name().equals(other.name()) && Objects.equals(config.server(), other.server())
                    && Objects.equals(config.password(), other.password()) && Objects.equals(config.passcmd(), other.passcmd())
                    && Objects.equals(config.auth(), other.auth()) && Objects.equals(config.throttle(), other.throttle())
                    && config.connectionLimit() == other.connectionLimit() && debugProtocol == otherDebugProtocol;
        }

        /** Says again what {@link ImapStores#login} said about the spec: for a run that reuses this login. */
        void warnAgain(PrintStream notes) {
            warn(config, spec, notes);
        }

        /**
         * Who connections count against on the server: host, port and login user. Servers limit
         * connections per user (and address), whichever store of the config opens them.
         */
        String server() {
            String user = spec.authUser() != null ? spec.authUser() : spec.user() != null ? spec.user()
                    : System.getProperty("user.name");
            return user + "@" + spec.host().toLowerCase(java.util.Locale.ROOT) + ":" + spec.port();
        }

        /** A new store, connected and logged in. */
        ImapStore open() throws ConfigException, StoreException {
            ImapStore store;
            try {
                store = new ImapStore(spec, forStore(), config.oauth2(), config.name());
                store.throttle(throttle);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(config.location(), "store " + config.name() + ": " + e.getMessage());
            }
            try {
                store.connect();
            } catch (StoreException e) {
                store.close();
                throw new StoreException(e.getMessage() + hint(e), e);
            }
            return store;
        }

        @Override
        public void close() {
            secret.clear();
        }

        /**
         * The secret for one store: a password is copied, since the store outlives this login
         * ({@link ImapStores#open} closes it at once) and clears its copy when it closes; a
         * {@code passcmd} that runs at every login keeps nothing and is shared.
         */
        private LoginSecret forStore() throws StoreException {
            if (secret.renewable()) {
                return secret;
            }
            char[] copy = secret.get();
            try {
                return LoginSecret.fixed(copy);
            } finally {
                Arrays.fill(copy, '\0');
            }
        }
    }

    /**
     * The LIST pattern of an IMAP store: the mailbox part of {@code ref} followed by
     * {@code pat} (see the class comment).
     */
    static String listPattern(StoreConfig config, PrintStream notes) throws ConfigException {
        if (config.ref() == null || config.ref().isBlank()) {
            return config.pattern();
        }
        ImapServerSpec ref = spec(config, config.ref(), "ref");
        ImapServerSpec server = spec(config, config.server(), "server");
        if (!ref.host().equalsIgnoreCase(server.host())) {
            // c-client lists on the open connection whatever host ref names; say so, as it looks like a mistake.
            notes.println("Warning: store " + config.name() + ": ref " + config.ref() + " names host " + ref.host()
                    + ", but folders are listed on the server's connection, " + server.host());
        }
        return ref.mailbox() + config.pattern();
    }

    private static ImapServerSpec spec(StoreConfig config, String text, String key) throws ConfigException {
        try {
            return ImapServerSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.location(), "store " + config.name() + ": bad " + key + ": " + e.getMessage());
        }
    }

    /** The password by the order in the class comment; never null. */
    static char[] password(StoreConfig config, ImapServerSpec spec, PasswordPrompt prompt) throws ConfigException {
        if (config.password() != null) {
            return config.password().toCharArray();
        }
        if (config.passcmd() != null) {
            return passcmd(config);
        }
        String user = spec.authUser() != null ? spec.authUser() : spec.user() != null ? spec.user() : System.getProperty("user.name");
        char[] typed = prompt.read("Password for " + user + "@" + spec.host() + ": ");
        if (typed != null) {
            return typed;
        }
        throw new ConfigException(config.location(), "no password for store " + config.name()
                + " and no terminal to ask for it: add passwd or passcmd");
    }

    /**
     * Runs {@code passcmd} and takes the first line of its output. Its output is never
     * repeated in a message, since it may be the password; its errors go to our stderr so
     * that a failing password manager can explain itself.
     */
    private static char[] passcmd(StoreConfig config) throws ConfigException {
        String what = "store " + config.name() + ": passcmd";
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", config.passcmd())
                    .redirectInput(ProcessBuilder.Redirect.INHERIT) // a pinentry may want the terminal
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new ConfigException(config.location(), what + " could not be started: " + e.getMessage());
        }
        String first;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            first = r.readLine();
            r.transferTo(java.io.Writer.nullWriter()); // drain, so the command cannot block on a full pipe
        } catch (IOException e) {
            p.destroy();
            throw new ConfigException(config.location(), what + ": reading its output failed: " + e.getMessage());
        }
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new ConfigException(config.location(), what + " was interrupted");
        }
        if (status != 0) {
            throw new ConfigException(config.location(), what + " failed with exit status " + status);
        }
        if (first == null || first.isEmpty()) {
            throw new ConfigException(config.location(), what + " printed no password");
        }
        return first.toCharArray();
    }

    /**
     * What to do about a refused connection, or a failed TLS handshake whose cause is a
     * certificate that could not be validated (PKIX path or host name); other failures get no
     * hint, as a guess would mislead.
     */
    private static String hint(Throwable e) {
        boolean handshake = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return " (nothing accepts connections there: is the server up, and are host and port right?)";
            }
            handshake |= t instanceof SSLHandshakeException;
            if (handshake && t instanceof GeneralSecurityException) {
                return " (the server's TLS certificate could not be validated; if it is self-signed and you trust the"
                        + " network, add /novalidate-cert to the server spec)";
            }
        }
        return "";
    }
}
