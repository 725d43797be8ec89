/**
 * {@code mailsync migrate SOURCE TARGET}: a one-way, resumable, verified copy of every folder
 * the source store's pattern selects into the target store.
 *
 * <p>The flow is the route set's ({@code routes/migrate.camel.yaml}: {@code direct:migrate},
 * {@code direct:migrate-folder}, {@code direct:migrate-copy}); the beans here do the work:
 * {@link org.mailsync.migrate.MigrateFolders} lists the folders and indexes each pair,
 * {@link org.mailsync.migrate.MigrateCopier} copies what the target lacks with the message as
 * the exchange body, {@link org.mailsync.migrate.MigrateVerifier} checks per folder that the
 * target holds every source message. What holds whatever happens:
 * <ul>
 *   <li>The source is only read: it is opened through {@link org.mailsync.migrate.ReadOnlyStore},
 *       which refuses every change, reads local folders without the tidying an index does, and
 *       IMAP folders with EXAMINE and {@code BODY.PEEK}.</li>
 *   <li>Nothing is copied twice: before a folder is copied, the target folder is indexed and
 *       every source message whose content (a {@link org.mailsync.identity.ContentDigest},
 *       line ends and mbox status fields normalised) is already there is skipped, copy for
 *       copy. So a run killed between an APPEND and its record duplicates nothing.</li>
 *   <li>The state ({@link org.mailsync.migrate.MigrateState}, SQLite) records every copy and
 *       caches message digests, so that a rerun reads only what it has not seen.</li>
 * </ul>
 */
package org.mailsync.migrate;
