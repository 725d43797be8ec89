package org.mailsync.store.imap;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link DovecotServer} of a test class, registered with
 * {@code @RegisterExtension static final DovecotExtension DOVECOT = DovecotExtension.shared();}
 * and started before the class's first test.
 *
 * <p>{@link #shared()}: one server with the default configuration for every class of the JVM
 * that asks for it, stopped by its pid when all tests are done. Sharing is safe because each
 * test works on a user of its own ({@link #newUser()}), and it saves every class the start of
 * a server. {@link #own(String)}: a private server with extra configuration (reduced
 * capabilities, connection limits, plugins), stopped after the class's last test; also for a
 * class that stops, restarts or kills its server, which must not take others' down with it.
 */
public final class DovecotExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DovecotExtension.class);

    /** Extra configuration lines of a private server, or null for the shared one. */
    private final String extraConfig;
    private final boolean onFirstUse;
    private ExtensionContext classContext;
    private DovecotServer server;

    private DovecotExtension(String extraConfig, boolean onFirstUse) {
        this.extraConfig = extraConfig;
        this.onFirstUse = onFirstUse;
    }

    /** The JVM's one server with the default configuration. */
    public static DovecotExtension shared() {
        return new DovecotExtension(null, false);
    }

    /** A server of the class's own, with the default configuration. */
    public static DovecotExtension own() {
        return own("");
    }

    /** A server of the class's own, with these lines added to its configuration. */
    public static DovecotExtension own(String extraConfig) {
        return new DovecotExtension(extraConfig, false);
    }

    /**
     * The same server, but started only by the first call of {@link #server()} (or of a method
     * that needs it), so that a class can skip for another reason first, or has tests without it.
     */
    public DovecotExtension startedOnFirstUse() {
        return new DovecotExtension(extraConfig, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classContext = context;
        if (!onFirstUse) {
            server();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (extraConfig != null && server != null) {
            server.close();
        }
        server = null;
        classContext = null;
    }

    /**
     * The server, started now if it is not running yet. Skips the calling test when Dovecot is
     * not installed (see {@link DovecotServer#assumeInstalled()}).
     */
    public synchronized DovecotServer server() {
        if (server == null) {
            if (classContext == null) {
                throw new IllegalStateException("register the DovecotExtension with @RegisterExtension on a static final field");
            }
            server = extraConfig == null
                    ? classContext.getRoot().getStore(NAMESPACE)
                            .getOrComputeIfAbsent(SharedServer.class, k -> new SharedServer(start("")), SharedServer.class).server()
                    : start(extraConfig);
        }
        return server;
    }

    private static DovecotServer start(String extraConfig) {
        try {
            return DovecotServer.start(extraConfig);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Dovecot: " + e, e);
        }
    }

    /** The shared server, closed with the root context, when every test of the JVM is done. */
    private record SharedServer(DovecotServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }

    // ------------------------------------------------------------------ the server's everyday methods

    /** See {@link DovecotServer#newUser()}. */
    public String newUser() {
        return server().newUser();
    }

    /** See {@link DovecotServer#port()}. */
    public int port() {
        return server().port();
    }

    /** See {@link DovecotServer#password()}. */
    public String password() {
        return server().password();
    }

    /** See {@link DovecotServer#maildir(String)}. */
    public Path maildir(String user) {
        return server().maildir(user);
    }

    /** See {@link DovecotServer#logs()}. */
    public String logs() {
        return server().logs();
    }

    /** See {@link DovecotServer#store(String, String, String)}. */
    public ImapStore store(String user, String flags, String name) {
        return server().store(user, flags, name);
    }

    /** See {@link DovecotServer#otherClient(String)}. */
    OtherImapClient otherClient(String user) throws Exception {
        return server().otherClient(user);
    }

    /** See {@link DovecotServer#channelConfig(String)}. */
    public DovecotChannelConfig channelConfig(String user) {
        return server().channelConfig(user);
    }
}
