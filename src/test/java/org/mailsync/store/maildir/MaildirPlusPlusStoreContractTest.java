package org.mailsync.store.maildir;

import java.nio.file.Path;
import java.time.Clock;

import org.mailsync.store.MailStore;
import org.mailsync.store.MailStoreContract;

/** The store contract for a Maildir++ tree ({@code work.projects} is the directory {@code .work.projects}). */
class MaildirPlusPlusStoreContractTest extends MailStoreContract {

    @Override
    protected MailStore newStore(Path dir) {
        // A short settle time, so that the incremental index test reuses entries without waiting long.
        return new MaildirPlusPlusStore("test", dir, new MaildirFormat(true, Clock.systemUTC(), MaildirIncrementalIndexTest.SETTLE));
    }

    @Override
    protected void letChangesSettle() throws Exception {
        MaildirIncrementalIndexTest.settle();
    }
}
