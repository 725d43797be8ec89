package org.mailsync.msinfo.pg;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JVM's one {@link PostgresServer}, for a test class that registers
 * {@code @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();}:
 * started before the first such class runs, stopped by its pid when every test of the JVM is
 * done. Sharing is safe because each class or test takes a database of its own
 * ({@link #newDatabase()}), and it saves every class the start of a server.
 */
public final class PostgresExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    private PostgresServer server;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, k -> new Shared(start()), Shared.class).server();
    }

    /** The server; fails when PostgreSQL is not installed. */
    public synchronized PostgresServer server() {
        if (server == null) {
            throw new IllegalStateException("register the PostgresExtension with @RegisterExtension on a static final field");
        }
        return server;
    }

    /** See {@link PostgresServer#newDatabase()}. */
    public String newDatabase() throws Exception {
        return server().newDatabase();
    }

    private static PostgresServer start() {
        try {
            return PostgresServer.start();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e, e);
        }
    }

    /** The shared server, closed with the root context, when every test of the JVM is done. */
    private record Shared(PostgresServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
