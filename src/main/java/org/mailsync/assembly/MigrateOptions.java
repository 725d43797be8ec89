package org.mailsync.assembly;

/**
 * What a {@code mailsync migrate} request adds to a {@link JobRequest}, whose {@code name} is
 * the source.
 *
 * @param target        the target: a store of the config, or an inline spec
 *                      ({@code maildir:PATH}, {@code mbox:PATH}, {@code mh:PATH},
 *                      {@code imap://user@host[:port]/}); see {@link InlineStores}
 * @param verifyOnly    {@code --verify-only}: copy nothing, only verify
 * @param sourcePasscmd a command whose first output line is the source's IMAP password
 *                      (overrides the config's); null for none
 * @param targetPasscmd the same for the target; null for none
 */
public record MigrateOptions(String target, boolean verifyOnly, String sourcePasscmd, String targetPasscmd) {
}
