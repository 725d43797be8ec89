package org.mailsync.runtime;

import org.mailsync.config.ConfigException;
import org.mailsync.config.StoreConfig;
import org.mailsync.store.MailStore;

/** Opens IMAP stores from their config. */
final class ImapStores {

    private ImapStores() {
    }

    static MailStore open(StoreConfig config) throws ConfigException {
        throw new ConfigException(config.location(), "store " + config.name() + ": IMAP stores are not supported in this build yet");
    }
}
