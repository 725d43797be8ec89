/**
 * A channel's sync state in PostgreSQL: {@link org.mailsync.msinfo.pg.PostgresSyncState}, the same
 * {@link org.mailsync.msinfo.SyncState} as the SQLite msinfo, in one database that many channels and
 * nodes share (every row names its channel), with the schema versioned by Flyway
 * ({@code db/pg/V*.sql}); chosen by the config's global {@code state jdbc:postgresql://...} key.
 * While a state is open for writing it holds a session advisory lock on its channel, so two
 * nodes never sync one channel at once. {@link org.mailsync.msinfo.pg.SqliteStateImport} copies a
 * channel's SQLite state into it ({@code --import-state}); {@link org.mailsync.msinfo.pg.PostgresRunLog}
 * keeps the daemon's run records there too.
 */
package org.mailsync.msinfo.pg;
