package org.mailsync.store.mbox;

import org.mailsync.store.FlagChangesContract;

/** The flag contract for mbox folders: flags in Status/X-Status, keywords in X-Keywords, changed by a rewrite. */
class MboxFlagChangesTest extends FlagChangesContract {

    MboxFlagChangesTest() {
        super(new MboxStoreContractTest());
    }
}
