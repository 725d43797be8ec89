package org.mailsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param tables   the accounts tables ({@code accounts FILE}) whose rows became channels, with a
 *                 digest of the bytes that were read, so that a cached config can tell that one
 *                 changed ({@link #tablesUnchanged()}); empty when there are none
 * @param serverConnections the global {@code serverconnections}: the most IMAP connections the
 *                 deployment holds at once to one server and login, over all channels; null
 *                 when unbounded (see {@code org.mailsync.store.imap.ServerConnectionLimit})
 */
public record MailsyncConfig(Path source, Map<String, StoreConfig> stores, Map<String, ChannelConfig> channels,
                             StateConfig state, List<Table> tables, Integer serverConnections) {

    /**
     * An accounts table a config read.
     *
     * @param file   the table file, absolute
     * @param digest the SHA-256 of the bytes read, in hex
     */
    public record Table(Path file, String digest) {

        public Table {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(digest, "digest");
        }
    }

    public MailsyncConfig {
        Objects.requireNonNull(source, "source");
        // LinkedHashMap copies keep the file's order, which listings and messages follow.
        stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** A config without {@code serverconnections}. */
    public MailsyncConfig(Path source, Map<String, StoreConfig> stores, Map<String, ChannelConfig> channels,
                          StateConfig state, List<Table> tables) {
        this(source, stores, channels, state, tables, null);
    }

    /** A config without accounts tables. */
    public MailsyncConfig(Path source, Map<String, StoreConfig> stores, Map<String, ChannelConfig> channels,
                          StateConfig state) {
        this(source, stores, channels, state, List.of());
    }

    /**
     * Whether every accounts table still holds the bytes this config was made from: a cache of
     * parsed configs keyed by the config file's bytes must also ask this, as a table's rows are
     * channels too. Reads each table once; a table that cannot be read any more has changed.
     */
    public boolean tablesUnchanged() {
        for (Table table : tables) {
            try {
                if (!AccountTable.digest(Files.readAllBytes(table.file())).equals(table.digest())) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
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
