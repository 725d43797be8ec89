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
        return new LocalStore("test", dir, List.of(new MhFormat()), new MhFormat());
    }
}
