/**
 * {@code mailsync check}: what is wrong with a store's folders, found by reading only.
 *
 * <p>One class per store kind checks a folder's structure on disk, where the store API cannot
 * tell ({@link org.mailsync.check.MaildirStructure}, {@link org.mailsync.check.MboxStructure},
 * {@link org.mailsync.check.MhStructure}, and {@link org.mailsync.check.StrayFiles} for files
 * of a local store that are no mailbox at all); the messages themselves are read through the
 * store ({@link org.mailsync.check.MessageScan}: unreadable, malformed, without Message-ID),
 * and duplicates ({@link org.mailsync.check.Duplicates}) and a channel's stale msinfo entries
 * ({@link org.mailsync.check.StaleEntries}) are decided from what was read.
 *
 * <p>Every finding is a {@linkplain org.mailsync.check.Finding.Severity#PROBLEM problem}
 * (the check exits 2) or a {@linkplain org.mailsync.check.Finding.Severity#NOTE note} (said,
 * exit unchanged): a note is something the formats allow and every reader copes with, such as
 * gaps in MH message numbers. Each structure class says in its javadoc which is which.
 *
 * <p>Nothing here writes: local folders are read through
 * {@link org.mailsync.store.local.LocalStore#examine}, which skips the tidying an index does,
 * IMAP folders are opened with EXAMINE and read with BODY.PEEK, and msinfo is opened read-only.
 * The one exception is {@code --fix-duplicates}, which deletes byte-identical later copies
 * through the store's normal delete ({@link org.mailsync.check.DuplicateFixer}).
 */
package org.mailsync.check;
