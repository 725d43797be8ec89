/**
 * mbox folders: a streaming mboxrd reader and writer, locking, Status/X-Status flags.
 */
package org.mailsync.store.mbox;
