/**
 * Maildir folders (https://cr.yp.to/proto/maildir.html): {@link org.mailsync.store.maildir.MaildirFormat}
 * reads and writes one folder and plugs into {@link org.mailsync.store.local.LocalStore} for the
 * nested layout; {@link org.mailsync.store.maildir.MaildirPlusPlusStore} is the Maildir++ layout of
 * Courier and Dovecot, where the root is INBOX and folder {@code A.B} is the directory {@code .A.B}.
 * Keywords are Dovecot's: info letters {@code a}..{@code z} named in {@code dovecot-keywords}
 * ({@code MaildirKeywords}); flag changes are renames ({@code MaildirFlagChanges}).
 */
package org.mailsync.store.maildir;
