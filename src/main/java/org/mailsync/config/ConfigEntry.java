package org.mailsync.config;

/**
 * Something a name on the command line can refer to: a store or a channel. The original keeps
 * both in one namespace, so {@code mailsync NAME} decides the mode by which one the name is.
 */
public sealed interface ConfigEntry permits StoreConfig, ChannelConfig {

    /** The name after {@code store} or {@code channel}. */
    String name();

    /** Where the entry's name was written. */
    ConfigLocation location();
}
