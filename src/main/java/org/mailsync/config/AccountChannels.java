package org.mailsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Channels generated from an accounts table: {@code accounts FILE { KEY VALUE ... }} in the
 * original format, {@code accounts: { FILE: { KEY: VALUE } }} in YAML. Each row of the table
 * ({@link AccountTable}: CSV or YAML, by the file's extension) becomes an ordinary
 * {@link ChannelConfig} named by its {@code account}, between two stores named
 * {@code ACCOUNT:source} (side A) and {@code ACCOUNT:target} (side B), which its {@code source}
 * and {@code target} describe as inline store specs, as {@code mailsync migrate} takes them
 * ({@code imap://USER@HOST[:PORT][/FLAG...]}, {@code imaps://...}, {@code maildir:PATH},
 * {@code mbox:PATH}, {@code mh:PATH}; a relative PATH is relative to $HOME, as every path of a
 * config).
 *
 * <p>The block's keys are defaults for every row, and every one of them may also be a column
 * that overrides it for its row: {@code source} and {@code target}; the channel keys
 * {@code msinfo sizelimit identity schedule parallel flags maxdelete trashdays specialuse push};
 * and the store keys {@code passcmd maxconnections auth throttle trash}, which go to the row's
 * IMAP store(s) ({@code trash off} to local ones too). {@code {account}} in any value stands
 * for the row's account. Every value is checked by the same rules as in a hand-written channel
 * or store, and every error names the table's file and line.
 *
 * <p>State: {@code msinfo}, if given in the block, must contain {@code {account}}; without it
 * a channel's state is {@code <table>.d/<account>.msinfo} beside the table. Two accounts may not
 * share a state file. With the global {@code state jdbc:postgresql://...}, the states are in
 * the database as every channel's, and the msinfo path only places the lock and local trash.
 */
final class AccountChannels {

    static final String ACCOUNT = "account";
    static final String SOURCE = "source";
    static final String TARGET = "target";
    /** What a value writes for the row's account. */
    static final String PLACEHOLDER = "{account}";

    private static final List<String> CHANNEL_KEYS = List.of("msinfo", "sizelimit", "identity", "schedule", "parallel",
            "flags", "maxdelete", "trashdays", "specialuse", "push");
    /** Store keys that go to the row's IMAP stores; {@code trash off} to local ones too. */
    private static final List<String> STORE_KEYS = List.of("passcmd", "maxconnections", "auth", "throttle", "trash");
    /** The keys of an accounts block. */
    static final List<String> BLOCK_KEYS =
            Stream.of(List.of(SOURCE, TARGET), CHANNEL_KEYS, STORE_KEYS).flatMap(List::stream).toList();
    /** The columns of a table: the account, and any key of the block. */
    static final List<String> COLUMNS = Stream.of(List.of(ACCOUNT), BLOCK_KEYS).flatMap(List::stream).toList();

    private static final String SPEC_FORMS = "imap://USER@HOST[:PORT][/FLAG...], imaps://..., maildir:PATH, mbox:PATH"
            + " or mh:PATH";

    private final ConfigAssembler assembler;
    private final Path home;
    private final List<MailsyncConfig.Table> tables = new ArrayList<>();
    /** Every generated channel's local msinfo path, with the token that gave it, over all tables. */
    private final Map<Path, ConfigToken> msinfos = new HashMap<>();
    /** The accounts of every table so far, for "given twice" with both lines. */
    private final Map<String, ConfigToken> accounts = new HashMap<>();

    AccountChannels(ConfigAssembler assembler, Path home) {
        this.assembler = assembler;
        this.home = home;
    }

    /** The tables read so far, for {@link MailsyncConfig#tables()}. */
    List<MailsyncConfig.Table> tables() {
        return tables;
    }

    /**
     * Reads the table a config's {@code accounts} names and adds a channel and its two stores
     * per row.
     *
     * @param name     the table's file as written (relative to $HOME)
     * @param defaults the block's keys
     */
    void add(ConfigToken name, ConfigAssembler.Block defaults) throws ConfigException {
        if (name.text().isEmpty()) {
            throw assembler.error(name, "empty accounts table name");
        }
        if (HomePath.isOtherUsersHome(name.text())) {
            throw assembler.error(name, "\"~user\" paths are not supported: " + name.quoted());
        }
        Path file = HomePath.resolve(name.text(), home).toAbsolutePath();
        if (!AccountTable.isTable(file)) {
            throw assembler.error(name, "accounts table " + name.quoted() + " is neither *.csv nor *.yaml/*.yml; its name"
                    + " says which format it is in");
        }
        if (defaults.has("msinfo") && !defaults.value("msinfo").contains(PLACEHOLDER)) {
            throw assembler.error(defaults.valueToken("msinfo"), "msinfo " + defaults.valueToken("msinfo").quoted()
                    + " in accounts " + name.quoted() + " does not contain " + PLACEHOLDER + ": every account's channel needs"
                    + " a state of its own, e.g. msinfo state/" + PLACEHOLDER + ".db");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
            throw assembler.error(name, "cannot read accounts table " + file + " (" + reason + ")");
        }
        tables.add(new MailsyncConfig.Table(file, AccountTable.digest(bytes)));
        Map<String, String> required = new LinkedHashMap<>();
        required.put(ACCOUNT, "");
        for (String column : List.of(SOURCE, TARGET)) {
            if (!defaults.has(column)) {
                required.put(column, "; add it, or give every account the same " + column + " in the accounts block");
            }
        }
        AccountTable.Contents table = AccountTable.read(AccountTable.decode(bytes), file, COLUMNS, required);
        for (AccountTable.Row row : table.rows()) {
            addRow(file, row, defaults);
        }
    }

    private void addRow(Path file, AccountTable.Row row, ConfigAssembler.Block defaults) throws ConfigException {
        ConfigToken account = row.cells().get(ACCOUNT);
        if (account == null || account.text().isBlank()) {
            throw new ConfigException(new ConfigLocation(file, account == null ? row.line() : account.line()),
                    "column \"account\" is " + (account == null ? "missing" : "empty")
                            + ": every row names its account, which names its channel");
        }
        checkAccount(account);
        ConfigToken earlier = accounts.putIfAbsent(account.text(), account);
        if (earlier != null) {
            throw assembler.error(account, "account " + account.quoted() + " given twice (first at "
                    + (file.equals(earlier.file()) ? "line " + earlier.line() : earlier.file() + ":" + earlier.line()) + ")");
        }
        String name = account.text();
        ConfigToken channel = new ConfigToken(name, true, account.line(), file);
        ConfigToken[] stores = new ConfigToken[2];
        for (int side = 0; side < 2; side++) {
            String column = side == 0 ? SOURCE : TARGET;
            ConfigToken spec = value(row, defaults, column, name);
            if (spec == null) {
                throw assembler.error(account, "column \"" + column + "\" of account " + account.quoted() + " is "
                        + (row.cells().containsKey(column) ? "empty" : "missing") + ", and the accounts block gives no "
                        + column);
            }
            stores[side] = new ConfigToken(name + ":" + column, true, spec.line(), spec.file());
            assembler.addStore(stores[side], store(stores[side], spec, column, account, row, defaults));
        }
        ConfigAssembler.Block block = assembler.block("channel", channel, ConfigAssembler.CHANNEL_KEYS,
                ConfigAssembler.CHANNEL_KEYS);
        for (String key : CHANNEL_KEYS) {
            put(block, key, value(row, defaults, key, name));
        }
        if (!block.has("msinfo")) {
            Path msinfo = file.resolveSibling(file.getFileName() + ".d").resolve(name + ".msinfo");
            put(block, "msinfo", new ConfigToken(msinfo.toString(), true, account.line(), file));
        }
        checkOwnState(block.valueToken("msinfo"), account);
        assembler.addChannel(channel, stores[0], stores[1], block);
    }

    /** An account names a channel, and fills {@code {account}} in paths: one word, and no path of its own. */
    private void checkAccount(ConfigToken account) throws ConfigException {
        String text = account.text();
        boolean bad = text.equals(".") || text.equals("..") || text.contains("/") || text.contains("\\");
        for (int i = 0; i < text.length() && !bad; i++) {
            char c = text.charAt(i);
            bad = Character.isWhitespace(c) || Character.isISOControl(c);
        }
        if (bad) {
            throw assembler.error(account, "column \"account\": " + account.quoted() + " cannot name a channel (it"
                    + " stands for " + PLACEHOLDER + " in paths: no spaces, \"/\" or \"\\\", and not \".\" or \"..\")");
        }
    }

    /** Two accounts that share a state file would read each other's syncs as deletions. */
    private void checkOwnState(ConfigToken msinfo, ConfigToken account) throws ConfigException {
        if (msinfo.text().startsWith("{")) {
            return; // on a server: our state is .mailsync-state/<channel>.db, one per channel already
        }
        ConfigToken other = msinfos.putIfAbsent(HomePath.resolve(msinfo.text(), home), account);
        if (other != null) {
            throw assembler.error(msinfo, "msinfo " + msinfo.quoted() + " of account " + account.quoted()
                    + " is also account " + other.quoted() + "'s (" + (other.file().equals(account.file()) ? "line "
                    + other.line() : other.file() + ":" + other.line()) + "); every channel needs a state of its own");
        }
    }

    /** One side's store: the spec's keys, then the block's and the row's store keys that apply to it. */
    private ConfigAssembler.Block store(ConfigToken storeName, ConfigToken spec, String column, ConfigToken account,
                                        AccountTable.Row row, ConfigAssembler.Block defaults) throws ConfigException {
        ConfigAssembler.Block block = assembler.block("store", storeName, ConfigAssembler.STORE_KEYS,
                ConfigAssembler.STORE_KEYS);
        String text = spec.text();
        String lower = text.toLowerCase(Locale.ROOT);
        String where = (spec.file() != null ? "column \"" + column + "\"" : column) + " of account " + account.quoted();
        boolean imap = ImapSpec.isImap(text);
        if (imap) {
            imapSpec(block, spec, where);
        } else if (lower.startsWith("maildir:") || lower.startsWith("mbox:") || lower.startsWith("mh:")) {
            localSpec(block, spec, where);
        } else {
            throw assembler.error(spec, where + ": " + spec.quoted() + " is not a store (" + SPEC_FORMS + ")");
        }
        String name = account.text();
        for (String key : STORE_KEYS) {
            ConfigToken value = value(row, defaults, key, name);
            if (value == null || block.has(key)) {
                continue; // a spec's /xoauth2 is its auth
            }
            if (imap || (key.equals("trash") && value.text().equals(StoreConfig.TRASH_OFF))) {
                put(block, key, value);
            }
        }
        return block;
    }

    /** {@code imap[s]://USER@HOST[:PORT][/FLAG...]} ({@link ImapSpec}). */
    private void imapSpec(ConfigAssembler.Block block, ConfigToken spec, String where) throws ConfigException {
        ImapSpec imap;
        try {
            imap = ImapSpec.parse(spec.text());
        } catch (IllegalArgumentException e) {
            throw assembler.error(spec, where + ": " + spec.quoted() + " is not a store: " + e.getMessage());
        }
        put(block, "server", spec.withText(imap.server()));
        put(block, "pat", spec.withText("*"));
        put(block, "prefix", spec.withText(""));
        if (imap.xoauth2()) {
            put(block, "auth", spec.withText(StoreConfig.AUTH_XOAUTH2));
        }
    }

    /**
     * {@code maildir:PATH}, {@code mbox:PATH}, {@code mh:PATH}: every folder below PATH; an
     * {@code mbox:FILE} of an existing file is that one folder (the one row form that looks at
     * the disk, a stat, as {@code migrate} does).
     */
    private void localSpec(ConfigAssembler.Block block, ConfigToken spec, String where) throws ConfigException {
        String text = spec.text();
        int colon = text.indexOf(':');
        String format = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String written = text.substring(colon + 1);
        if (written.isEmpty()) {
            throw assembler.error(spec, where + ": " + spec.quoted() + " is not a store: a local store is " + format
                    + ":PATH");
        }
        String pattern = "*";
        if (format.equals("mbox") && !HomePath.isOtherUsersHome(written)) {
            Path path = HomePath.resolve(written, home);
            if (Files.isRegularFile(path) && path.getParent() != null) {
                pattern = path.getFileName().toString();
                written = path.getParent().toString();
            }
        }
        put(block, "format", spec.withText(format));
        put(block, "path", spec.withText(written));
        put(block, "pat", spec.withText(pattern));
    }

    /**
     * A row's value of a key: its cell when not empty, else the block's default, with
     * {@code {account}} filled in; null when neither gives one.
     */
    private static ConfigToken value(AccountTable.Row row, ConfigAssembler.Block defaults, String key, String account) {
        ConfigToken cell = row.cells().get(key);
        ConfigToken value = cell != null && !cell.text().isEmpty() ? cell : defaults.has(key) ? defaults.valueToken(key) : null;
        if (value == null || !value.text().contains(PLACEHOLDER)) {
            return value;
        }
        return value.withText(value.text().replace(PLACEHOLDER, account));
    }

    private static void put(ConfigAssembler.Block block, String key, ConfigToken value) throws ConfigException {
        if (value != null) {
            block.put(new ConfigToken(key, false, value.line(), value.file()), value);
        }
    }
}
