/**
 * Maildir folders (https://cr.yp.to/proto/maildir.html): {@link org.mailsync.store.maildir.MaildirFormat}
 * reads and writes one folder and plugs into {@link org.mailsync.store.local.LocalStore} for the
 * nested layout; {@link org.mailsync.store.maildir.MaildirPlusPlusStore} is the Maildir++ layout of
 * Courier and Dovecot, where the root is INBOX and folder {@code A.B} is the directory {@code .A.B}.
 */
package org.mailsync.store.maildir;
