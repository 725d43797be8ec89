/**
 * Push for {@code mailsync daemon} (channel key {@code push}): an IMAP IDLE connection per
 * watched folder, and a sync of the channel as soon as the server reports a change there.
 */
package org.mailsync.daemon.push;
