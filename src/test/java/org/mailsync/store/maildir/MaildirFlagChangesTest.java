package org.mailsync.store.maildir;

import org.mailsync.store.FlagChangesContract;

/** The flag contract for Maildir folders in the nested layout: flags renamed into file names, keywords as Dovecot's letters. */
class MaildirFlagChangesTest extends FlagChangesContract {

    MaildirFlagChangesTest() {
        super(new MaildirNestedStoreContractTest());
    }
}
