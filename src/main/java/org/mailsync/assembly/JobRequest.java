package org.mailsync.assembly;

import java.nio.file.Path;

import org.mailsync.identity.IdentityMode;
import org.mailsync.job.Operation;
import org.mailsync.report.Console;

/**
 * What a client asks of a channel or store, before anything is opened: the endpoint's options
 * (and the CLI's) in one value. {@link ChannelOpener} turns it into a ready {@link
 * org.mailsync.job.Job}.
 *
 * @param name           the channel (sync, diff) or store (list)
 * @param operation      what to do
 * @param store          diff: the channel's store to compare; otherwise null
 * @param configFile     the config file
 * @param home           the directory relative paths of the config are relative to
 * @param noDelete       {@code -n}
 * @param removeFolders  {@code -D}
 * @param copyDeleted    {@code -cd}
 * @param forceDeletions {@code --force-deletions} (alias {@code --allow-emptied}): lift the
 *                       deletion circuit breaker
 * @param identity       {@code -t}; null for the channel's {@code identity} or msgid
 * @param dryRun         {@code -s}: change nothing
 * @param importMsinfo   {@code --import-msinfo FILE}, or null
 * @param showMessages   {@code -m}
 * @param showMessageIds {@code -M}
 * @param debugProtocol  {@code -di}
 * @param interactive    a password may be asked for on the terminal
 * @param parallel       {@code --parallel N}: folder pairs synced at once; null for the channel's
 *                       {@code parallel}, else {@link org.mailsync.config.ChannelConfig#DEFAULT_PARALLEL}
 * @param console        where the text output goes
 * @param fixDuplicates  check: {@code --fix-duplicates}, remove byte-identical later copies
 * @param since          undo: {@code --since DATE}, restore the deletions of every run since
 *                       then; null for the channel's last run that deleted anything
 * @param migrate        migrate: the target and the migration's options ({@code name} is the
 *                       source); null for every other operation
 */
public record JobRequest(String name, Operation operation, String store, Path configFile, Path home,
                         boolean noDelete, boolean removeFolders, boolean copyDeleted, boolean forceDeletions,
                         IdentityMode identity, boolean dryRun, String importMsinfo, boolean showMessages,
                         boolean showMessageIds, boolean debugProtocol, boolean interactive, Integer parallel,
                         Console console, boolean fixDuplicates, java.time.Instant since, MigrateOptions migrate) {

    /** A request of any operation but migrate. */
    public JobRequest(String name, Operation operation, String store, Path configFile, Path home,
                      boolean noDelete, boolean removeFolders, boolean copyDeleted, boolean forceDeletions,
                      IdentityMode identity, boolean dryRun, String importMsinfo, boolean showMessages,
                      boolean showMessageIds, boolean debugProtocol, boolean interactive, Integer parallel,
                      Console console, boolean fixDuplicates, java.time.Instant since) {
        this(name, operation, store, configFile, home, noDelete, removeFolders, copyDeleted, forceDeletions, identity, dryRun,
                importMsinfo, showMessages, showMessageIds, debugProtocol, interactive, parallel, console, fixDuplicates,
                since, null);
    }

    /** This request with a migration's options. */
    public JobRequest withMigrate(MigrateOptions options) {
        return new JobRequest(name, operation, store, configFile, home, noDelete, removeFolders, copyDeleted, forceDeletions,
                identity, dryRun, importMsinfo, showMessages, showMessageIds, debugProtocol, interactive, parallel, console,
                fixDuplicates, since, options);
    }
}
