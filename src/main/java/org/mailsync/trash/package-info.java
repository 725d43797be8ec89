/**
 * Recoverable deletions: before a sync deletes a message from a store it moves it to a trash
 * (an IMAP {@code \Trash} folder, or a per-channel Maildir trash beside msinfo for local
 * stores) and logs it in the state, so that {@code mailsync undo CHANNEL} can put it back;
 * a later run purges what is older than the channel's {@code trashdays}. Free of Camel: the
 * route beans in {@code org.mailsync.route} call it.
 */
package org.mailsync.trash;
