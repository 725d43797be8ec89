/**
 * Local stores: a directory of Maildir, MH and mbox folders told apart by their structure.
 */
package org.mailsync.store.local;
