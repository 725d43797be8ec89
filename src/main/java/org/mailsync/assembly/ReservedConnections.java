package org.mailsync.assembly;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailsync.config.StoreConfig;

/**
 * Connections to an IMAP store held in this JVM outside the runs (the daemon's push watches,
 * which idle on a connection each): a run's pool leaves them their share of the store's
 * {@code maxconnections}, so that watches and runs together never open more than it says.
 * Keyed by store name, as a pool's limit comes from its stores' configs. A run in another
 * process does not know of them.
 */
public final class ReservedConnections {

    private static final Map<String, Integer> RESERVED = new ConcurrentHashMap<>();

    private ReservedConnections() {
    }

    /** Holds {@code n} connections of a store outside the runs until {@link #release}d. */
    public static void reserve(String store, int n) {
        RESERVED.merge(store, n, Integer::sum);
    }

    /** Gives back connections {@link #reserve}d before. */
    public static void release(String store, int n) {
        RESERVED.computeIfPresent(store, (name, held) -> held - n <= 0 ? null : held - n);
    }

    /** The most connections a run may open to a store: its {@code maxconnections} less those held, but at least one. */
    static int runLimit(StoreConfig config) {
        return Math.max(1, config.connectionLimit() - RESERVED.getOrDefault(config.name(), 0));
    }
}
