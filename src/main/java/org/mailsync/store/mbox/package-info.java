/**
 * mbox folders: a streaming mboxrd reader and writer, locking, Status/X-Status flags and X-Keywords keywords,
 * changed by rewriting the file.
 */
package org.mailsync.store.mbox;
