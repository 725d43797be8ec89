package org.mailsync.msinfo;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The {@link SyncStateContract} kept by the default state: one SQLite msinfo file ({@link MsinfoRepository}). */
class SqliteSyncStateContractTest extends SyncStateContract {

    @TempDir
    Path dir;

    @Override
    protected SyncState open(String channel) throws Exception {
        return MsinfoRepository.open(dir.resolve("msinfo.db"));
    }

    @Override
    protected SyncState openReadOnly(String channel) throws Exception {
        return MsinfoRepository.openReadOnly(dir.resolve("msinfo.db"));
    }
}
