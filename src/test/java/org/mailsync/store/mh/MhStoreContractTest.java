package org.mailsync.store.mh;

import java.nio.file.Path;
import java.util.List;

import org.mailsync.store.MailStore;
import org.mailsync.store.MailStoreContract;
import org.mailsync.store.local.LocalStore;

/** The store contract for a local store of MH folders. */
class MhStoreContractTest extends MailStoreContract {

    @Override
    protected MailStore newStore(Path dir) {
        // A short settle time, so that the incremental index test reuses entries without waiting long.
        MhFormat format = new MhFormat(MhIncrementalIndexTest.SETTLE);
        return new LocalStore("test", dir, List.of(format), format);
    }

    @Override
    protected void letChangesSettle() throws Exception {
        MhIncrementalIndexTest.settle();
    }
}
