package org.mailsync.camel;

import java.nio.file.Path;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.mailsync.assembly.JobRequest;
import org.mailsync.assembly.MigrateOptions;
import org.mailsync.config.ChannelConfig;
import org.mailsync.identity.IdentityMode;
import org.mailsync.job.Operation;
import org.mailsync.report.Console;

/**
 * The options of a {@code mailsync:NAME} endpoint. The javadoc of each setter is the user
 * documentation of that option (docs/ROUTES.md lists them); the command line's options map
 * onto the same ones.
 */
@UriParams
public class MailsyncConfiguration implements Cloneable {

    @UriPath(description = "The channel to sync or diff, or for operation=list the store to list")
    @Metadata(required = true)
    private String name;
    @UriParam(defaultValue = "sync", enums = "sync,diff,list,check,undo,migrate")
    private String operation = "sync";
    @UriParam
    private String store;
    @UriParam(label = "common")
    private String config;
    @UriParam(label = "common")
    private String home;
    @UriParam(defaultValue = "false")
    private boolean dryRun;
    @UriParam(defaultValue = "false")
    private boolean noDelete;
    @UriParam(defaultValue = "false")
    private boolean removeFolders;
    @UriParam(defaultValue = "false")
    private boolean copyDeleted;
    @UriParam(defaultValue = "false")
    private boolean allowEmptied;
    @UriParam(enums = "msgid,md5,auto")
    private String identity;
    @UriParam(label = "advanced")
    private String importMsinfo;
    @UriParam(label = "advanced", defaultValue = "false")
    private boolean showMessages;
    @UriParam(label = "advanced", defaultValue = "false")
    private boolean showMessageIds;
    @UriParam(label = "advanced", defaultValue = "false")
    private boolean debugProtocol;
    @UriParam(label = "advanced", defaultValue = "false")
    private boolean interactive;
    @UriParam(label = "advanced")
    private Console console;
    @UriParam(label = "common")
    private Integer parallel;
    @UriParam(defaultValue = "false")
    private boolean fixDuplicates;
    @UriParam
    private String since;
    @UriParam(label = "migrate")
    private String target;
    @UriParam(label = "migrate", defaultValue = "false")
    private boolean verifyOnly;
    @UriParam(label = "migrate,security", secret = true)
    private String sourcePasscmd;
    @UriParam(label = "migrate,security", secret = true)
    private String targetPasscmd;

    /** A copy, so that one endpoint's options never leak into another's. */
    public MailsyncConfiguration copy() {
        try {
            return (MailsyncConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The request these options describe, with an operation that may come from a header. */
    public JobRequest toRequest(String operationOverride) {
        Path homeDir = Path.of(home != null ? home : defaultHome());
        String written = config == null ? ".mailsync" : config.startsWith("~/") ? config.substring(2) : config;
        Path configFile = homeDir.resolve(written).normalize();
        Operation op = Operation.of(operationOverride != null ? operationOverride : operation);
        if (op == Operation.DIFF && (store == null || store.isBlank())) {
            throw new IllegalArgumentException("mailsync:" + name + "?operation=diff needs store=STORE (one of the channel's stores)");
        }
        IdentityMode mode = null;
        if (identity != null) {
            try {
                mode = IdentityMode.valueOf(identity.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mailsync:" + name + ": identity \"" + identity
                        + "\" is not one of msgid, md5, auto", e);
            }
        }
        if (parallel != null && (parallel < 1 || parallel > ChannelConfig.MAX_PARALLEL)) {
            throw new IllegalArgumentException("mailsync:" + name + ": parallel " + parallel
                    + " is not a number of folder pairs synced at once from 1 to " + ChannelConfig.MAX_PARALLEL);
        }
        if (op == Operation.MIGRATE && (target == null || target.isBlank())) {
            throw new IllegalArgumentException("mailsync:" + name + "?operation=migrate needs target=STORE (a store of the"
                    + " config, or maildir:PATH, mbox:PATH, mh:PATH, imap://USER@HOST/)");
        }
        JobRequest request = new JobRequest(name, op, store, configFile, homeDir, noDelete, removeFolders, copyDeleted, allowEmptied, mode,
                dryRun, importMsinfo, showMessages, showMessageIds, debugProtocol, interactive, parallel,
                console != null ? console : Console.silent(), fixDuplicates, since(since, name));
        return op == Operation.MIGRATE
                ? request.withMigrate(new MigrateOptions(target, verifyOnly, sourcePasscmd, targetPasscmd)) : request;
    }

    /**
     * {@code since} as an instant: a date ({@code 2026-12-01}, its start in UTC) or an ISO-8601
     * instant ({@code 2026-12-01T18:00:00Z}); null when not given.
     */
    static java.time.Instant since(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.contains("T") ? java.time.OffsetDateTime.parse(text.trim()).toInstant()
                    : java.time.LocalDate.parse(text.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("mailsync:" + name + ": since \"" + text + "\" is neither a date (2026-12-01)"
                    + " nor a date and time (2026-12-01T18:00:00Z)", e);
        }
    }

    private static String defaultHome() {
        String env = System.getenv("HOME");
        return env != null && !env.isEmpty() ? env : System.getProperty("user.home");
    }

    public String getName() {
        return name;
    }

    /** The channel to sync or diff, or for {@code operation=list} the store to list. */
    public void setName(String name) {
        this.name = name;
    }

    public String getOperation() {
        return operation;
    }

    /**
     * What to do: {@code sync} the channel's two stores (the default), {@code diff}: show what
     * changed in one store ({@code store=}) since the channel's last sync, {@code list} the
     * folders of the store named by the path, or {@code check} the store or channel named by the
     * path for faults and duplicates (read-only unless {@code fixDuplicates}). {@code undo}
     * restores the deletions of the channel's last run from its trash ({@code since}, {@code dryRun}). The header {@code CamelMailsyncOperation}
     * overrides it per message.
     */
    public void setOperation(String operation) {
        this.operation = operation;
    }

    public String getStore() {
        return store;
    }

    /** For {@code operation=diff}: which of the channel's two stores to compare with its last sync. */
    public void setStore(String store) {
        this.store = store;
    }

    public String getConfig() {
        return config;
    }

    /**
     * The config file, in the original's format or YAML ({@code *.yaml}); relative to
     * {@code home} ({@code ~/} works too). Default {@code ~/.mailsync}.
     */
    public void setConfig(String config) {
        this.config = config;
    }

    public String getHome() {
        return home;
    }

    /** The directory that relative paths of the config are relative to. Default: {@code $HOME}. */
    public void setHome(String home) {
        this.home = home;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Simulate ({@code -s}): plan and report every action, change nothing, not even the state. */
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isNoDelete() {
        return noDelete;
    }

    /** Delete nothing ({@code -n}); deletions stay pending for a later run. */
    public void setNoDelete(boolean noDelete) {
        this.noDelete = noDelete;
    }

    public boolean isRemoveFolders() {
        return removeFolders;
    }

    /** Remove a folder whose pair was removed on the other side ({@code -D}). */
    public void setRemoveFolders(boolean removeFolders) {
        this.removeFolders = removeFolders;
    }

    public boolean isCopyDeleted() {
        return copyDeleted;
    }

    /** Also copy messages flagged \Deleted ({@code -cd}). */
    public void setCopyDeleted(boolean copyDeleted) {
        this.copyDeleted = copyDeleted;
    }

    public boolean isAllowEmptied() {
        return allowEmptied;
    }

    /**
     * Carry out deletions the deletion circuit breaker held back ({@code --force-deletions},
     * formerly {@code --allow-emptied}: the breaker replaced the emptied-folder rule).
     */
    public void setAllowEmptied(boolean allowEmptied) {
        this.allowEmptied = allowEmptied;
    }

    public String getIdentity() {
        return identity;
    }

    /**
     * How messages are identified ({@code -t}): {@code msgid}, {@code md5} (the original's
     * header hash) or {@code auto} (Message-ID, else a content hash). Default: the channel's
     * {@code identity}, else msgid.
     */
    public void setIdentity(String identity) {
        this.identity = identity;
    }

    public String getImportMsinfo() {
        return importMsinfo;
    }

    /** Take the channel's state from the original mailsync's msinfo file (replacing ours), then sync. */
    public void setImportMsinfo(String importMsinfo) {
        this.importMsinfo = importMsinfo;
    }

    public boolean isShowMessages() {
        return showMessages;
    }

    /** With a {@code console}: a line per message acted on ({@code -m}); for list: each folder's messages. */
    public void setShowMessages(boolean showMessages) {
        this.showMessages = showMessages;
    }

    public boolean isShowMessageIds() {
        return showMessageIds;
    }

    /** With a {@code console}: those lines with the Message-ID ({@code -M}). */
    public void setShowMessageIds(boolean showMessageIds) {
        this.showMessageIds = showMessageIds;
    }

    public boolean isDebugProtocol() {
        return debugProtocol;
    }

    /** Log the IMAP protocol ({@code -di}); passwords are never shown. */
    public void setDebugProtocol(boolean debugProtocol) {
        this.debugProtocol = debugProtocol;
    }

    public boolean isInteractive() {
        return interactive;
    }

    /** A missing IMAP password may be asked for on the terminal (the CLI); otherwise it is an error. */
    public void setInteractive(boolean interactive) {
        this.interactive = interactive;
    }

    public Integer getParallel() {
        return parallel;
    }

    /**
     * How many folder pairs of a sync run at once ({@code --parallel}), 1 to 64: each on a
     * worker of its own, with its own connection to each IMAP store (at most the store's
     * {@code maxconnections}; pairs beyond that wait for a free one). 1 syncs them one after
     * another, as the original does. The report stays in folder order whatever the number.
     * Default: the channel's {@code parallel}, else 4.
     */
    public void setParallel(Integer parallel) {
        this.parallel = parallel;
    }

    public Console getConsole() {
        return console;
    }

    /**
     * Where to print the original mailsync's text output ({@code #beanName} of a
     * {@link Console}); by default nothing is printed and the report body is the result.
     */
    public void setConsole(Console console) {
        this.console = console;
    }

    public boolean isFixDuplicates() {
        return fixDuplicates;
    }

    /**
     * For {@code operation=check}: remove the later byte-identical copies of a message (same
     * content digest), keeping the first in folder order, through the store's normal delete
     * ({@code --fix-duplicates}); the only thing a check ever changes. Different messages that
     * share a Message-ID are only reported.
     */
    public void setFixDuplicates(boolean fixDuplicates) {
        this.fixDuplicates = fixDuplicates;
    }

    public String getSince() {
        return since;
    }

    /**
     * For {@code operation=undo}: restore the deletions of every run that started at or after
     * this date ({@code 2026-12-01}, UTC) or instant ({@code 2026-12-01T18:00:00Z}) instead of
     * only the channel's last run that deleted anything ({@code --since}). With {@code dryRun}
     * they are only listed.
     */
    public void setSince(String since) {
        this.since = since;
    }

    public String getTarget() {
        return target;
    }

    /**
     * For {@code operation=migrate} (NAME is then the source): the store to copy into, a store
     * of the config or an inline spec ({@code maildir:PATH}, {@code mbox:PATH}, {@code mh:PATH},
     * {@code imap://USER@HOST[:PORT][/FLAG...]}); NAME may be inline too.
     */
    public void setTarget(String target) {
        this.target = target;
    }

    public boolean isVerifyOnly() {
        return verifyOnly;
    }

    /**
     * For {@code operation=migrate}: copy nothing, only verify per folder that the target holds
     * every source message, reading every message afresh ({@code --verify-only}).
     */
    public void setVerifyOnly(boolean verifyOnly) {
        this.verifyOnly = verifyOnly;
    }

    public String getSourcePasscmd() {
        return sourcePasscmd;
    }

    /** For {@code operation=migrate}: a command whose first output line is the source's IMAP password (overrides the config's). */
    public void setSourcePasscmd(String sourcePasscmd) {
        this.sourcePasscmd = sourcePasscmd;
    }

    public String getTargetPasscmd() {
        return targetPasscmd;
    }

    /** For {@code operation=migrate}: a command whose first output line is the target's IMAP password (overrides the config's). */
    public void setTargetPasscmd(String targetPasscmd) {
        this.targetPasscmd = targetPasscmd;
    }
}
