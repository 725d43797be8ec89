package org.mailsync.store.imap;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.FlagChangesContract;
import org.mailsync.store.MailStore;

/**
 * The flag contract against a Dovecot without CONDSTORE or QRESYNC, whose incremental index
 * after a change reads every message's FLAGS ({@code UID FETCH 1:* (UID FLAGS)}), keywords included.
 */
class ImapFlagChangesWithoutCondstoreIT extends FlagChangesContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = IncrementalIndexDovecotContract.offering("ESEARCH");

    @Override
    protected MailStore newStore(Path dir) {
        return DOVECOT.store(DOVECOT.newUser(), "/notls", "dovecot");
    }
}
