package org.mailsync.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code store NAME { ... }} block: a collection of mail folders on an IMAP server or on the
 * local disk, and which of its folders take part in a sync.
 *
 * <pre>
 * store remote {
 *     server {imap.example.org/user=alice/ssl}
 *     ref    {imap.example.org}
 *     pat    INBOX.%
 *     prefix INBOX.
 *     passcmd "pass show mail/alice"
 *     maxconnections 2
 * }
 * store local { path ~/Maildir  format maildir  layout maildir++  pat * }
 * </pre>
 *
 * @param name     the name after {@code store}; channels and the command line refer to it
 * @param server   {@code server}: the c-client server spec, such as
 *                 {@code {imap.example.org/user=alice/ssl}}, kept as written; null for a local store
 * @param ref      {@code ref}: the c-client reference folders are listed against, such as
 *                 {@code {imap.example.org}}, kept as written; null when not given. As in
 *                 c-client, its host is not connected to (folders are listed on the
 *                 {@code server}'s connection) and its mailbox part, if any, goes before
 *                 {@code pat}: {@code ref {h}INBOX.} with {@code pat %} lists {@code INBOX.%}
 *                 (see {@code org.mailsync.assembly.ImapStores})
 * @param pattern  {@code pat}: an IMAP LIST pattern of the folders to sync ({@code %} matches
 *                 within one level, {@code *} also descends); for a local store relative to
 *                 {@link #path()}. Defaults to {@code *} when {@code path} is given.
 * @param prefix   {@code prefix}: what is stripped from a full folder name to give the boxname
 *                 that pairs folders across stores; empty when not given
 * @param password {@code passwd}: the password, in clear; null when not given
 * @param passcmd  {@code passcmd} (extension): a shell command whose first output line is the
 *                 password, so that it need not be written into the file; null when not given.
 *                 Without either, the password is asked for on the terminal, if there is one
 * @param format   {@code format} (extension, local stores): {@code maildir}, {@code mbox} or
 *                 {@code mh}; null to detect each folder's format from what is on disk
 * @param layout   {@code layout} (extension, local stores): how subfolders sit on disk,
 *                 {@code nested} (a directory per level) or {@code maildir++}
 *                 ({@code .a.b} directories); null to detect
 * @param path     the root directory of a local store, absolute: the {@code path} key
 *                 (extension) resolved against $HOME ({@code ~/} expands to $HOME), or $HOME
 *                 itself when the key is absent, as in the original; null for a remote store
 * @param maxConnections {@code maxconnections} (extension, IMAP stores): the most connections a
 *                 run opens to the store's server and login, 1 to {@value #MAX_CONNECTIONS}; null
 *                 when not given, for {@value #DEFAULT_MAX_CONNECTIONS}. Folder pairs synced at
 *                 once ({@code parallel}) each need one; beyond it they wait for a free one
 * @param location where the store's name was written
 * @param trash    {@code trash NAME|off} (extension): where a sync puts the messages it deletes
 *                 on this store, so that {@code mailsync undo} can restore them. On an IMAP store
 *                 the folder NAME; null (not given) for the folder with the {@code \Trash}
 *                 special-use attribute (RFC 6154), else a folder {@code Trash}, created when
 *                 first needed. A local store always uses the channel's trash directory beside
 *                 its msinfo (NAME is refused there). {@code off}: deletions remove for good
 * @param newFolderFormat for a local store without {@code format}: the format a new folder takes
 *                 when no folder near it has one to follow, {@value #NEW_FOLDERS_ORIGINAL} or
 *                 {@value #NEW_FOLDERS_DEFAULT}. Not a key: it follows from the syntax the
 *                 config is written in. The original's syntax ({@code ~/.mailsync}) gives mbox,
 *                 as c-client creates mbox files in a local store, so the original can go on
 *                 reading the folders we create; YAML, which the original never reads, gives
 *                 Maildir. Null reads as Maildir
 * @param auth     {@code auth} (extension, IMAP stores): how the store logs in, {@value #AUTH_PASSWORD}
 *                 (LOGIN or SASL PLAIN with the password) or {@value #AUTH_XOAUTH2} (SASL XOAUTH2
 *                 with an OAuth2 access token that {@code passcmd} prints, run for every login so
 *                 that a token helper can refresh it, or a fixed one in {@code passwd}); null
 *                 when not given, for {@value #AUTH_PASSWORD}
 * @param throttle {@code throttle RATE} (extension, IMAP stores): the most bytes per second of
 *                 message bodies a run moves to and from the store's server, over all its
 *                 connections together ({@code 500k}: 500 KiB/s, {@code 2m}: 2 MiB/s, or plain
 *                 bytes); null when not given, for no limit
 */
public record StoreConfig(String name, String server, String ref, String pattern, String prefix,
                          String password, String passcmd, String format, String layout, Path path,
                          Integer maxConnections, ConfigLocation location, String trash,
                          String newFolderFormat, String auth, Long throttle) implements ConfigEntry {

    /** The value of {@code trash} that turns the trash off. */
    public static final String TRASH_OFF = "off";

    /** The format of new folders in a local store written in the original's syntax: c-client's mbox. */
    public static final String NEW_FOLDERS_ORIGINAL = "mbox";
    /** The format of new folders in a local store of a YAML config, or of one built in code. */
    public static final String NEW_FOLDERS_DEFAULT = "maildir";

    /**
     * Connections a run opens to one IMAP server and login when no store says: below the
     * per-user limits servers commonly set (Dovecot's {@code mail_max_userip_connections} is
     * 10 by default), and as many as the default {@link ChannelConfig#DEFAULT_PARALLEL}.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 4;
    /** The most connections {@code maxconnections} may ask for. */
    public static final int MAX_CONNECTIONS = 64;

    /** {@code auth password}: LOGIN or SASL PLAIN with the password, as the original logs in. */
    public static final String AUTH_PASSWORD = "password";
    /** {@code auth xoauth2}: SASL XOAUTH2 with an OAuth2 access token. */
    public static final String AUTH_XOAUTH2 = "xoauth2";

    /** The lowest {@code throttle}, 1 KiB/s: below it an ordinary message would take minutes. */
    public static final long MIN_THROTTLE = 1024;

    public StoreConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(location, "location");
        newFolderFormat = newFolderFormat == null ? NEW_FOLDERS_DEFAULT : newFolderFormat;
        if (server == null && path == null) {
            throw new IllegalArgumentException("store " + name + ": a local store needs a root path");
        }
        if (maxConnections != null && (server == null || maxConnections < 1 || maxConnections > MAX_CONNECTIONS)) {
            throw new IllegalArgumentException("store " + name + ": maxconnections is for IMAP stores, from 1 to "
                    + MAX_CONNECTIONS + ": " + maxConnections);
        }
        if (auth != null && (server == null || !(auth.equals(AUTH_PASSWORD) || auth.equals(AUTH_XOAUTH2)))) {
            throw new IllegalArgumentException("store " + name + ": auth is for IMAP stores, " + AUTH_PASSWORD + " or "
                    + AUTH_XOAUTH2 + ": " + auth);
        }
        if (throttle != null && (server == null || throttle < MIN_THROTTLE)) {
            throw new IllegalArgumentException("store " + name + ": throttle is for IMAP stores, at least " + MIN_THROTTLE
                    + " bytes per second: " + throttle);
        }
    }

    /** A store without {@code auth}: it logs in with its password. */
    public StoreConfig(String name, String server, String ref, String pattern, String prefix, String password,
                       String passcmd, String format, String layout, Path path, Integer maxConnections,
                       ConfigLocation location, String trash, String newFolderFormat) {
        this(name, server, ref, pattern, prefix, password, passcmd, format, layout, path, maxConnections, location, trash,
                newFolderFormat, null, null);
    }

    /** Whether the store logs in with an OAuth2 access token ({@code auth xoauth2}) rather than a password. */
    public boolean oauth2() {
        return AUTH_XOAUTH2.equals(auth);
    }

    /** A store whose new folders default to Maildir, as in a YAML config. */
    public StoreConfig(String name, String server, String ref, String pattern, String prefix, String password,
                       String passcmd, String format, String layout, Path path, Integer maxConnections,
                       ConfigLocation location, String trash) {
        this(name, server, ref, pattern, prefix, password, passcmd, format, layout, path, maxConnections, location, trash,
                null);
    }

    /** A store without {@code trash}: its deletions go to the default trash. */
    public StoreConfig(String name, String server, String ref, String pattern, String prefix, String password,
                       String passcmd, String format, String layout, Path path, Integer maxConnections,
                       ConfigLocation location) {
        this(name, server, ref, pattern, prefix, password, passcmd, format, layout, path, maxConnections, location, null);
    }

    /** Whether {@code trash off} makes this store's deletions final. */
    public boolean trashOff() {
        return TRASH_OFF.equals(trash);
    }

    /** A store without {@code maxconnections}, as before the key existed. */
    public StoreConfig(String name, String server, String ref, String pattern, String prefix, String password,
                       String passcmd, String format, String layout, Path path, ConfigLocation location) {
        this(name, server, ref, pattern, prefix, password, passcmd, format, layout, path, null, location);
    }

    /** The most connections a run opens to this IMAP store's server: {@code maxconnections}, else the default. */
    public int connectionLimit() {
        return maxConnections != null ? maxConnections : DEFAULT_MAX_CONNECTIONS;
    }

    /** Whether the store is on the local disk, i.e. has no {@code server}. */
    public boolean isLocal() {
        return server == null;
    }
}
