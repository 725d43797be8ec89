package org.mailsync.store.imap;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.FlagChangesContract;
import org.mailsync.store.MailStore;

/**
 * The flag contract against a Dovecot with CONDSTORE but not QRESYNC, whose incremental index
 * after a change finds it by {@code CHANGEDSINCE}: a STORE raises the message's MODSEQ.
 */
class ImapFlagChangesCondstoreIT extends FlagChangesContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = IncrementalIndexDovecotContract.offering("CONDSTORE ESEARCH");

    @Override
    protected MailStore newStore(Path dir) {
        return DOVECOT.store(DOVECOT.newUser(), "/notls", "dovecot");
    }
}
