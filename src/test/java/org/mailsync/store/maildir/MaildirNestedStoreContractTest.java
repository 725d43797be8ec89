package org.mailsync.store.maildir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.mailsync.store.MailStore;
import org.mailsync.store.MailStoreContract;
import org.mailsync.store.local.LocalStore;

/** The store contract for Maildir folders in the nested layout ({@code work/projects} is a directory below {@code work}). */
class MaildirNestedStoreContractTest extends MailStoreContract {

    @Override
    protected MailStore newStore(Path dir) {
        // A short settle time, so that the incremental index test reuses entries without waiting long.
        MaildirFormat format = new MaildirFormat(true, Clock.systemUTC(), MaildirIncrementalIndexTest.SETTLE);
        return new LocalStore("test", dir, List.of(format), format);
    }

    @Override
    protected void letChangesSettle() throws Exception {
        MaildirIncrementalIndexTest.settle();
    }
}
