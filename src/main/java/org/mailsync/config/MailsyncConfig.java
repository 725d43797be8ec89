package org.mailsync.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed configuration file ({@code ~/.mailsync} or {@code -f FILE}): its stores and channels
 * by name, in the order they were written. Every channel's stores exist (the parser checks).
 *
 * @param source   the file it was read from (or the name given to a parsed text)
 * @param stores   the stores by name, in file order; unmodifiable
 * @param channels the channels by name, in file order; unmodifiable
 * @param state    the global {@code state} (channels' state in PostgreSQL), or null: each
 *                 channel's msinfo SQLite file
 */
public record MailsyncConfig(Path source, Map<String, StoreConfig> stores, Map<String, ChannelConfig> channels,
                             StateConfig state) {

    public MailsyncConfig {
        Objects.requireNonNull(source, "source");
        // LinkedHashMap copies keep the file's order, which listings and messages follow.
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
    }

    /** A config whose channels keep their state in their msinfo files. */
    public MailsyncConfig(Path source, Map<String, StoreConfig> stores, Map<String, ChannelConfig> channels) {
        this(source, stores, channels, null);
    }

    /** The store of that name, if one is configured. */
    public Optional<StoreConfig> store(String name) {
        return Optional.ofNullable(stores.get(name));
    }

    /** The channel of that name, if one is configured. */
    public Optional<ChannelConfig> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /**
     * The store or channel a command-line name refers to (stores and channels share one
     * namespace, so there is at most one).
     *
     * @throws ConfigException with the original's wording,
     *         {@code A channel or store named "x" has not been configured}
     */
    public ConfigEntry resolve(String name) throws ConfigException {
        StoreConfig store = stores.get(name);
        if (store != null) {
            return store;
        }
        ChannelConfig channel = channels.get(name);
        if (channel != null) {
            return channel;
        }
        throw new ConfigException(new ConfigLocation(source, 0),
                "A channel or store named \"" + name + "\" has not been configured");
    }
}
