/**
 * The IMAP store on Angus Mail: LIST, one FETCH per folder, streamed BODY.PEEK, APPEND with APPENDUID, UID EXPUNGE of exactly our messages.
 */
package org.mailsync.store.imap;
