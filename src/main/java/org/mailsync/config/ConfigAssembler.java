package org.mailsync.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailsync.sync.DeletionLimit;

/**
 * The rules of a configuration, whatever format it was written in: the front ends (the original
 * format in {@link ConfigParser}, YAML in {@link YamlConfigReader}) only turn their syntax into
 * names, keys and values with line numbers, and hand them here. Keys, values, required keys,
 * the shared store/channel namespace, store references and $HOME resolution are checked in this
 * one place, so both formats accept the same configurations and report the same errors.
 */
final class ConfigAssembler {

    static final List<String> STORE_KEYS =
            List.of("server", "ref", "pat", "prefix", "passwd", "passcmd", "format", "layout", "path", "maxconnections", "trash",
                    "auth", "throttle");
    static final List<String> CHANNEL_KEYS =
            List.of("msinfo", "passwd", "sizelimit", "identity", "schedule", "parallel", "flags", "maxdelete", "trashdays",
                    "specialuse", "push");
    static final List<String> FORMATS = List.of("maildir", "mbox", "mh");
    static final List<String> LAYOUTS = List.of("nested", "maildir++");
    static final List<String> IDENTITIES = List.of("msgid", "md5", "auto");
    static final List<String> ON_OFF = List.of("on", "off");
    /** {@code auth}: OAUTHBEARER (RFC 7628) is listed so that it gets its own explanation, not "invalid". */
    static final List<String> AUTHS = List.of(StoreConfig.AUTH_PASSWORD, StoreConfig.AUTH_XOAUTH2, "oauthbearer");
    /** {@code throttle}: bytes per second, or KiB ({@code k}) or MiB ({@code m}) per second. */
    private static final Pattern THROTTLE = Pattern.compile("([0-9]{1,9})([kKmM]?)");
    private static final Pattern MAX_DELETE = Pattern.compile("([0-9]{1,3})(?:/([0-9]{1,9}))?");
    /** Keys whose empty value means something: no prefix, an empty password. */
    static final List<String> EMPTY_ALLOWED = List.of("prefix", "passwd");

    private final Path file;
    private final Path home;
    private final String newFolderFormat;
    private final Map<String, StoreConfig> stores = new LinkedHashMap<>();
    private final Map<String, ChannelConfig> channels = new LinkedHashMap<>();
    /** Where each channel's store names were written, for the reference check after the whole file is read. */
    private final Map<String, ConfigToken[]> channelStoreTokens = new LinkedHashMap<>();
    /** The channels of accounts tables ({@code accounts FILE}). */
    private final AccountChannels accountChannels;
    /** {@code schedule} values checked so far, and whether each is valid. */
    private final Map<String, Boolean> validSchedules = new java.util.HashMap<>();

    /**
     * @param newFolderFormat what new folders of local stores without {@code format} default to
     *                        in this syntax ({@link StoreConfig#newFolderFormat()})
     */
    ConfigAssembler(Path file, Path home, String newFolderFormat) {
        this.file = file;
        this.home = home;
        this.newFolderFormat = newFolderFormat;
        this.accountChannels = new AccountChannels(this, home);
    }

    /**
     * Adds a channel and its two stores for every row of an accounts table
     * ({@code accounts FILE { KEY VALUE ... }}, see {@link AccountChannels}).
     *
     * @param file     the table's file as written
     * @param defaults the block's keys ({@link AccountChannels#BLOCK_KEYS})
     */
    void addAccounts(ConfigToken file, Block defaults) throws ConfigException {
        accountChannels.add(file, defaults);
    }

    /** Checks a store or channel name, or a channel's store name, as a front end read it. */
    void checkName(ConfigToken name, String what) throws ConfigException {
        if (name.text().isEmpty()) {
            throw error(name, "empty " + what + " name");
        }
    }

    /**
     * Starts the keys of a store or channel.
     *
     * @param keys      the keys this block may hold
     * @param shownKeys the keys the "unknown key" message lists: {@code keys} plus any the front
     *                  end reads itself (YAML's channel {@code stores})
     */
    Block block(String kind, ConfigToken name, List<String> keys, List<String> shownKeys) {
        return new Block(kind, name, keys, shownKeys);
    }

    /** Adds a store; its keys are checked against each other and the name against all names so far. */
    void addStore(ConfigToken name, Block block) throws ConfigException {
        checkName(name, "store");
        String server = block.value("server");
        String pat = block.value("pat");
        String pathValue = block.value("path");
        if (server != null) {
            for (String localOnly : List.of("path", "format", "layout")) {
                if (block.has(localOnly)) {
                    throw error(block.keyToken(localOnly), "key \"" + localOnly + "\" is for local stores only, but store "
                            + name.quoted() + " has a server");
                }
            }
        }
        if (server == null && block.has("maxconnections")) {
            throw error(block.keyToken("maxconnections"), "key \"maxconnections\" is for IMAP stores only, but store "
                    + name.quoted() + " has no server (a local store needs no connections)");
        }
        if (block.has("passwd") && block.has("passcmd")) {
            throw error(block.keyToken("passcmd"), "store " + name.quoted() + " has both \"passwd\" and \"passcmd\"; keep one");
        }
        String format = block.choice("format", FORMATS);
        String layout = block.choice("layout", LAYOUTS);
        if ("maildir++".equals(layout) && format != null && !format.equals("maildir")) {
            throw error(block.keyToken("layout"), "layout \"maildir++\" needs format \"maildir\", but store "
                    + name.quoted() + " has format " + q(format));
        }
        Path path = null;
        if (server == null) {
            if (pathValue != null) {
                if (HomePath.isOtherUsersHome(pathValue)) {
                    throw error(block.valueToken("path"), "\"~user\" paths are not supported: " + q(pathValue)
                            + "; write the directory out");
                }
                path = HomePath.resolve(pathValue, home);
            } else {
                path = home.normalize();
            }
        }
        if (pat == null) {
            if (pathValue == null) {
                throw error(name, "store " + name.quoted()
                        + " has no \"pat\" (the folders to sync), e.g. pat INBOX or pat Mail/%");
            }
            pat = "*"; // a store given by its root directory means all of it
        }
        String trash = block.value("trash");
        if (server == null && trash != null && !trash.equals(StoreConfig.TRASH_OFF)) {
            throw error(block.valueToken("trash"), "trash " + q(trash) + " in store " + name.quoted() + ": a local store"
                    + " keeps its deleted messages in the channel's trash directory beside msinfo; only \"trash off\" applies");
        }
        String auth = auth(name, block, server);
        Long throttle = throttle(name, block, server);
        String prefix = block.value("prefix");
        Integer maxConnections = block.count("maxconnections", StoreConfig.MAX_CONNECTIONS, "connections");
        StoreConfig store = new StoreConfig(name.text(), server, block.value("ref"), pat, prefix == null ? "" : prefix,
                block.value("passwd"), block.value("passcmd"), format, layout, path, maxConnections, location(name), trash,
                newFolderFormat, auth, throttle);
        register(name, store);
        stores.put(name.text(), store);
    }

    /**
     * A store's {@code auth}: for IMAP stores only; {@code xoauth2} needs a token from
     * {@code passcmd} (or a fixed one in {@code passwd}), since nobody can type an access token
     * at a prompt; {@code oauthbearer} is refused with the reason.
     */
    private String auth(ConfigToken name, Block block, String server) throws ConfigException {
        String auth = block.choice("auth", AUTHS);
        if (auth == null) {
            return null;
        }
        if (server == null) {
            throw error(block.keyToken("auth"), "key \"auth\" is for IMAP stores only, but store " + name.quoted()
                    + " has no server");
        }
        if (auth.equals("oauthbearer")) {
            // Angus Mail, our IMAP client, implements XOAUTH2 but not OAUTHBEARER; servers that offer
            // OAUTHBEARER (Gmail, Outlook, Dovecot) offer XOAUTH2 with the same bearer token too.
            throw error(block.valueToken("auth"), "auth \"oauthbearer\" in store " + name.quoted()
                    + " is not supported (the IMAP client offers XOAUTH2 only); use auth xoauth2 with the same token");
        }
        if (auth.equals(StoreConfig.AUTH_XOAUTH2) && !block.has("passcmd") && !block.has("passwd")) {
            throw error(block.keyToken("auth"), "store " + name.quoted() + " has auth xoauth2 but no passcmd:"
                    + " add a command that prints a fresh access token, e.g. passcmd \"oauth2-helper --token alice\"");
        }
        return auth;
    }

    /** A store's {@code throttle} in bytes per second; null when not given. */
    private Long throttle(ConfigToken name, Block block, String server) throws ConfigException {
        if (!block.has("throttle")) {
            return null;
        }
        if (server == null) {
            throw error(block.keyToken("throttle"), "key \"throttle\" is for IMAP stores only, but store " + name.quoted()
                    + " has no server");
        }
        ConfigToken v = block.valueToken("throttle");
        Matcher m = THROTTLE.matcher(v.text());
        long rate = -1;
        if (m.matches()) {
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            rate = Long.parseLong(m.group(1)) * (unit.equals("k") ? 1024L : unit.equals("m") ? 1024L * 1024 : 1L);
        }
        if (rate < StoreConfig.MIN_THROTTLE) {
            throw error(v, "throttle " + v.quoted() + " in store " + name.quoted() + " is not a rate of at least 1k"
                    + " (bytes per second, or with k or m for KiB or MiB per second, e.g. throttle 500k)");
        }
        return rate;
    }

    /** Adds a channel; its stores are looked up in {@link #build()}, as they may be defined further down. */
    void addChannel(ConfigToken name, ConfigToken storeA, ConfigToken storeB, Block block) throws ConfigException {
        checkName(name, "channel");
        checkName(storeA, "store");
        checkName(storeB, "store");
        String msinfo = block.value("msinfo");
        if (msinfo == null) {
            throw error(name,
                    "channel " + name.quoted() + " has no \"msinfo\" (where the state of the last sync is kept)");
        }
        if (!msinfo.startsWith("{") && HomePath.isOtherUsersHome(msinfo)) {
            throw error(block.valueToken("msinfo"), "\"~user\" paths are not supported: " + q(msinfo));
        }
        if (storeA.text().equals(storeB.text())) {
            throw error(storeB, "channel " + name.quoted() + " names store " + storeB.quoted()
                    + " twice; a channel syncs two different stores");
        }
        long sizeLimit = 0;
        if (block.has("sizelimit")) {
            ConfigToken v = block.valueToken("sizelimit");
            if (!digits(v.text(), 18)) {
                throw error(v, "sizelimit " + v.quoted() + " in channel " + name.quoted()
                        + " is not a number of bytes (0 or more)");
            }
            sizeLimit = Long.parseLong(v.text());
        }
        String schedule = null;
        if (block.has("schedule")) {
            ConfigToken v = block.valueToken("schedule");
            // an accounts table gives thousands of channels the same schedule: a cron expression is parsed once
            if (!validSchedules.computeIfAbsent(v.text(), Schedule::isValid)) {
                throw error(v, "schedule " + v.quoted() + " in channel " + name.quoted() + " is neither a duration (15m, 1h,"
                        + " 90s) nor a Quartz cron expression (\"0 0/15 * * * ?\")");
            }
            schedule = v.text();
        }
        Integer parallel = block.count("parallel", ChannelConfig.MAX_PARALLEL, "folder pairs synced at once");
        boolean syncFlags = !"off".equals(block.choice("flags", ON_OFF));
        DeletionLimit maxDelete = block.has("maxdelete") ? deletionLimit(name, block.valueToken("maxdelete")) : null;
        Integer trashDays = block.count("trashdays", ChannelConfig.MAX_TRASH_DAYS, "days", true);
        ChannelConfig channel = new ChannelConfig(name.text(), storeA.text(), storeB.text(), msinfo,
                block.value("passwd"), sizeLimit, block.choice("identity", IDENTITIES), schedule, parallel, syncFlags,
                maxDelete, location(name), trashDays == null ? ChannelConfig.DEFAULT_TRASH_DAYS : trashDays,
                "on".equals(block.choice("specialuse", ON_OFF)), push(name, block));
        register(name, channel);
        channels.put(name.text(), channel);
        channelStoreTokens.put(name.text(), new ConfigToken[] {storeA, storeB});
    }

    /**
     * {@code push on|off|BOX[,BOX...]}: the boxnames the daemon watches with IDLE; {@code on} is
     * INBOX (where new mail arrives), {@code off} or no key none. A boxname that cannot name a
     * folder (empty, absolute) is an error here rather than a watch that never fires.
     */
    private List<String> push(ConfigToken channel, Block block) throws ConfigException {
        if (!block.has("push")) {
            return List.of();
        }
        ConfigToken v = block.valueToken("push");
        String text = v.text().trim();
        if (text.equalsIgnoreCase("off")) {
            return List.of();
        }
        if (text.equalsIgnoreCase("on")) {
            return List.of("INBOX");
        }
        List<String> boxes = new java.util.ArrayList<>();
        // -1: a trailing comma is an empty boxname, refused like one in the middle
        for (String part : text.split(",", -1)) {
            String box = part.trim();
            if (box.isEmpty() || box.startsWith("/") || box.startsWith("~")) {
                throw error(v, "push " + v.quoted() + " in channel " + channel.quoted() + " is not on, off or a list of"
                        + " boxnames (push INBOX,Lists/dev)");
            }
            if (!boxes.contains(box)) {
                boxes.add(box);
            }
        }
        return boxes;
    }

    /**
     * {@code maxdelete PERCENT[/FLOOR]}: in decimal digits only, as {@code sizelimit}, so that a
     * {@code 50%} or {@code 0.5} is refused rather than read as something else.
     */
    private DeletionLimit deletionLimit(ConfigToken channel, ConfigToken v) throws ConfigException {
        Matcher m = MAX_DELETE.matcher(v.text());
        int percent = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (percent < 0 || percent > 100) {
            throw error(v, "maxdelete " + v.quoted() + " in channel " + channel.quoted() + " is not PERCENT[/FLOOR]: the"
                    + " share of a folder's synced messages one run may delete, from 0 to 100, optionally with the number"
                    + " of deletions always allowed (default " + DeletionLimit.DEFAULT.floor() + "), e.g. maxdelete 30/10");
        }
        return new DeletionLimit(percent, m.group(2) == null ? DeletionLimit.DEFAULT.floor() : Integer.parseInt(m.group(2)));
    }

    /** The configuration, once every store and channel is added; checks what channels refer to. */
    MailsyncConfig build() throws ConfigException {
        checkChannelStores();
        if (statePasscmd != null && stateUrl == null) {
            throw error(statePasscmd[0], "\"statepasscmd\" without \"state\": it gives the password of the state database"
                    + " that \"state " + StateConfig.URL_PREFIX + "//HOST:PORT/DB?user=NAME\" names");
        }
        StateConfig state = stateUrl == null ? null : new StateConfig(stateUrl[1].text(),
                statePasscmd == null ? null : statePasscmd[1].text(), location(stateUrl[0]));
        return new MailsyncConfig(file, stores, channels, state, accountChannels.tables(),
                serverConnections == null ? null : Integer.valueOf(serverConnections[1].text()));
    }

    /** The keys of an {@code accounts FILE} block: defaults of its table's columns. */
    static final List<String> ACCOUNTS_KEYS = AccountChannels.BLOCK_KEYS;

    /** The keys that stand outside any store or channel block. */
    static final List<String> GLOBAL_KEYS = List.of("state", "statepasscmd", "serverconnections");

    /** The most {@code serverconnections} may say. */
    static final int MAX_SERVER_CONNECTIONS = 10_000;

    /** {@code serverconnections N}: key and value tokens, or null (no limit). */
    private ConfigToken[] serverConnections;

    /** {@code state URL} and {@code statepasscmd CMD}: key and value tokens, or null. */
    private ConfigToken[] stateUrl;
    private ConfigToken[] statePasscmd;

    /**
     * Adds a global key ({@link #GLOBAL_KEYS}). A URL is shown in messages only without its
     * password ({@link StateConfig#redact}).
     */
    void addGlobal(ConfigToken key, ConfigToken value) throws ConfigException {
        if (key.text().equals("serverconnections")) {
            addServerConnections(key, value);
            return;
        }
        boolean url = key.text().equals("state");
        ConfigToken[] earlier = url ? stateUrl : statePasscmd;
        if (earlier != null) {
            throw error(key, "key " + key.quoted() + " given twice (first at line " + earlier[0].line() + ")");
        }
        if (value.text().isEmpty()) {
            throw error(value, "empty value for " + key.quoted());
        }
        if (url && !value.text().startsWith(StateConfig.URL_PREFIX)) {
            throw error(value, "state " + q(StateConfig.redact(value.text())) + " is not a PostgreSQL JDBC URL: write state "
                    + StateConfig.URL_PREFIX + "//HOST:PORT/DATABASE?user=NAME (a channel's msinfo file is the default state)");
        }
        if (url) {
            stateUrl = new ConfigToken[] {key, value};
        } else {
            statePasscmd = new ConfigToken[] {key, value};
        }
    }

    /**
     * {@code serverconnections N}: the most IMAP connections the deployment holds at once to one
     * server and login, over all its channels (see {@code docs/CONNECTIONS.md}).
     */
    private void addServerConnections(ConfigToken key, ConfigToken value) throws ConfigException {
        if (serverConnections != null) {
            throw error(key, "key " + key.quoted() + " given twice (first at line " + serverConnections[0].line() + ")");
        }
        int n = value.text().matches("[0-9]{1,9}") ? Integer.parseInt(value.text()) : -1;
        if (n < 1 || n > MAX_SERVER_CONNECTIONS) {
            throw error(value, "serverconnections " + value.quoted() + " is not a number of connections from 1 to "
                    + MAX_SERVER_CONNECTIONS + " (the most connections to one IMAP server and login, over all channels)");
        }
        serverConnections = new ConfigToken[] {key, value};
    }

    /** Stores and channels share one namespace, as in the original ("Tag (store or channel name) used twice"). */
    private void register(ConfigToken name, ConfigEntry entry) throws ConfigException {
        ConfigEntry earlier = stores.containsKey(name.text()) ? stores.get(name.text()) : channels.get(name.text());
        if (earlier != null) {
            String kind = earlier instanceof StoreConfig ? "store" : "channel";
            ConfigLocation at = earlier.location();
            boolean sameFile = at.file().equals(name.file() != null ? name.file() : file);
            throw error(name, "name " + name.quoted() + " used twice: already a " + kind + " at "
                    + (sameFile ? "line " + at.line() : at.toString()));
        }
    }

    /** Channels may name stores defined further down, so references are checked once the file is read. */
    private void checkChannelStores() throws ConfigException {
        for (ChannelConfig channel : channels.values()) {
            for (ConfigToken store : channelStoreTokens.get(channel.name())) {
                if (stores.containsKey(store.text())) {
                    continue;
                }
                String what = channels.containsKey(store.text()) ? "which is a channel, not a store" : "which is not configured";
                throw error(store, "channel " + q(channel.name()) + " names store " + store.quoted() + ", " + what);
            }
        }
    }

    /** Where a token was written: the config file, or the accounts table a cell came from. */
    private ConfigLocation location(ConfigToken t) {
        return new ConfigLocation(t.file() != null ? t.file() : file, t.line());
    }

    /** An error at the token's line, in the form every config error has. */
    ConfigException error(ConfigToken t, String detail) {
        return new ConfigException(location(t), detail);
    }

    /**
     * Whether a text is 1 to {@code max} decimal digits: {@code [0-9]{1,max}} without compiling a
     * pattern per value, as an accounts table checks thousands.
     */
    static boolean digits(String text, int max) {
        if (text.isEmpty() || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    /** The keys and values of one store or channel, with their tokens for messages. */
    final class Block {
        private final String kind;
        private final ConfigToken name;
        private final List<String> keys;
        private final List<String> shownKeys;
        private final Map<String, ConfigToken[]> entries = new LinkedHashMap<>();

        private Block(String kind, ConfigToken name, List<String> keys, List<String> shownKeys) {
            this.kind = kind;
            this.name = name;
            this.keys = keys;
            this.shownKeys = shownKeys;
        }

        /**
         * Checks that a key may stand here: known and not given yet. Front ends that read a value
         * according to its key (the original format) call this before reading the value.
         */
        void checkKey(ConfigToken key) throws ConfigException {
            if (key.literal() || !keys.contains(key.text())) {
                throw error(key, "unknown key " + key.quoted() + " in " + kind + " " + name.quoted()
                        + " (" + kind + " keys: " + String.join(" ", shownKeys) + ")");
            }
            if (has(key.text())) {
                throw error(key, "key " + key.quoted() + " given twice in " + kind + " " + name.quoted()
                        + " (first at line " + keyToken(key.text()).line() + ")");
            }
        }

        /** Adds a key and its value, checking both. */
        void put(ConfigToken key, ConfigToken value) throws ConfigException {
            checkKey(key);
            if (value.text().isEmpty() && !EMPTY_ALLOWED.contains(key.text())) {
                throw error(value, "empty value for " + key.quoted() + " in " + kind + " " + name.quoted());
            }
            entries.put(key.text(), new ConfigToken[] {key, value});
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        ConfigToken keyToken(String key) {
            return entries.get(key)[0];
        }

        ConfigToken valueToken(String key) {
            return entries.get(key)[1];
        }

        String value(String key) {
            ConfigToken[] e = entries.get(key);
            return e == null ? null : e[1].text();
        }

        /**
         * A whole number from 1 to {@code max} ({@code parallel}, {@code maxconnections}); null
         * when the key is absent. Written in decimal digits only, as {@code sizelimit}: a
         * {@code 0x10} or {@code 4.0} is refused rather than read as something else.
         */
        Integer count(String key, int max, String what) throws ConfigException {
            return count(key, max, what, false);
        }

        /** {@link #count(String, int, String)}, from 0 when {@code zeroAllowed}. */
        Integer count(String key, int max, String what, boolean zeroAllowed) throws ConfigException {
            if (!has(key)) {
                return null;
            }
            ConfigToken v = valueToken(key);
            int min = zeroAllowed ? 0 : 1;
            int n = digits(v.text(), 9) ? Integer.parseInt(v.text()) : -1;
            if (n < min || n > max) {
                throw error(v, key + " " + v.quoted() + " in " + kind + " " + name.quoted() + " is not a number of "
                        + what + " from " + min + " to " + max);
            }
            return n;
        }

        /** A value from a fixed set, lower-cased; null when the key is absent. */
        String choice(String key, List<String> allowed) throws ConfigException {
            if (!has(key)) {
                return null;
            }
            ConfigToken v = valueToken(key);
            String normal = v.text().toLowerCase(Locale.ROOT);
            if (!allowed.contains(normal)) {
                throw error(v, "invalid " + key + " " + v.quoted() + " in " + kind + " " + name.quoted()
                        + " (expected " + String.join(", ", allowed) + ")");
            }
            return normal;
        }
    }
}
