package org.mailsync.store.maildir;

import java.nio.file.Path;

import org.mailsync.store.MailStore;
import org.mailsync.store.MailStoreContract;

/** The store contract for a Maildir++ tree ({@code work.projects} is the directory {@code .work.projects}). */
class MaildirPlusPlusStoreContractTest extends MailStoreContract {

    @Override
    protected MailStore newStore(Path dir) {
        return new MaildirPlusPlusStore("test", dir);
    }
}
