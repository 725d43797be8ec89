package org.mailsync.msinfo.pg;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.msinfo.SyncState;
import org.mailsync.msinfo.SyncStateContract;

/** The {@link SyncStateContract} kept in a real PostgreSQL ({@link PostgresSyncState}), a new database per test. */
class PostgresSyncStateContractIT extends SyncStateContract {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private StateUrl url;

    @BeforeEach
    void newDatabase() throws Exception {
        url = StateUrl.of(POSTGRES.newDatabase(), null);
    }

    @Override
    protected SyncState open(String channel) throws Exception {
        return PostgresSyncState.open(url, channel, false);
    }

    @Override
    protected SyncState openReadOnly(String channel) throws Exception {
        return PostgresSyncState.open(url, channel, true);
    }
}
