/**
 * The IMAP store on Angus Mail: LIST, one FETCH per folder, an incremental index that costs one STATUS for an unchanged
 * folder (CONDSTORE/QRESYNC, RFC 7162), streamed BODY.PEEK, APPEND with APPENDUID, UID EXPUNGE of exactly our messages.
 * {@link org.mailsync.store.imap.ImapStore} holds the verbs, {@code ImapConnection} the one connection and its
 * failures, {@code ImapFolderIndexer} the full and incremental index, {@code VanishedAwareFolder} the VANISHED
 * responses Angus cannot take once QRESYNC is enabled, {@code ImapFlagChanges} the UID STORE of flag deltas and the
 * keywords PERMANENTFLAGS allow.
 */
package org.mailsync.store.imap;
