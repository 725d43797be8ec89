package org.mailsync.store.mh;

import org.mailsync.store.FlagChangesContract;

/** The flag contract for MH folders: flags and keywords as sequences of {@code .mh_sequences}. */
class MhFlagChangesTest extends FlagChangesContract {

    MhFlagChangesTest() {
        super(new MhStoreContractTest());
    }
}
