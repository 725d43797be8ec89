package org.mailsync.job;

import org.mailsync.migrate.MigrateState;
import org.mailsync.report.SyncReport;

/**
 * A one-way copy of every folder the source's pattern selects into the target store
 * ({@code mailsync migrate SOURCE TARGET}), resumable and verified; or with {@code verifyOnly}
 * just the verification. The source is opened read-only ({@link org.mailsync.migrate.ReadOnlyStore}).
 *
 * @param source     the store copied from, read-only
 * @param target     the store copied to
 * @param state      the migration's own state (copies made, digests read)
 * @param verifyOnly {@code --verify-only}: copy nothing, only verify (every message read afresh)
 * @param report     where results go
 */
public record MigrateJob(StoreSide source, StoreSide target, MigrateState state, boolean verifyOnly, SyncReport report)
        implements Job {
}
