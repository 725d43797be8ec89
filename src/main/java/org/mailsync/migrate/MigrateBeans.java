package org.mailsync.migrate;

import org.apache.camel.spi.Registry;

/**
 * Binds the beans {@code routes/migrate.camel.yaml} refers to by name, leaving a bean already
 * bound under a name alone (a user's replacement). Called with the route set's other beans.
 * The beans are stateless; a run's state travels in the exchange.
 */
public final class MigrateBeans {

    private MigrateBeans() {
    }

    /** Binds {@code migrateFolders}, {@code migrateCopier} and {@code migrateVerifier}. */
    public static void bindTo(Registry registry) {
        bind(registry, "migrateFolders", new MigrateFolders());
        bind(registry, "migrateCopier", new MigrateCopier());
        bind(registry, "migrateVerifier", new MigrateVerifier());
    }

    private static void bind(Registry registry, String name, Object bean) {
        if (registry.lookupByName(name) == null) {
            registry.bind(name, bean);
        }
    }
}
