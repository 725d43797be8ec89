/**
 * A channel's sync state (msinfo): the {@link org.mailsync.msinfo.SyncState} interface, its SQLite implementation, and the import of the original mailsync's msinfo; {@code msinfo.pg} keeps the same state in PostgreSQL.
 */
package org.mailsync.msinfo;
