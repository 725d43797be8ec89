package org.mailsync.store.maildir;

import org.mailsync.store.FlagChangesContract;

/** The flag contract for a Maildir++ tree, on a subfolder ({@code .work.box}). */
class MaildirPlusPlusFlagChangesTest extends FlagChangesContract {

    MaildirPlusPlusFlagChangesTest() {
        super(new MaildirPlusPlusStoreContractTest());
    }

    @Override
    protected String folder() {
        return "work.box";
    }
}
