package org.mailsync.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.mailsync.config.ConfigLexer.Token;

/**
 * Reads the original mailsync's configuration format ({@code ~/.mailsync}) with our extension
 * keys, and checks it as a whole: every error is a {@link ConfigException} naming file, line
 * and token, and a returned {@link MailsyncConfig} is usable (channels name existing stores,
 * values are valid).
 *
 * <pre>
 * store NAME { KEY VALUE ... }                  keys: server ref pat prefix passwd passcmd format layout path
 * channel NAME STORE_A STORE_B { KEY VALUE ... } keys: msinfo passwd sizelimit identity
 * </pre>
 *
 * The opening <code>{</code> may stand on the same line as the name or on the next. Tokenizing
 * (quotes, escapes, comments, server specs) is described in {@code ConfigLexer}.
 * Where the original silently misread a file (an empty {@code prefix} swallowing the next key,
 * a repeated key overriding the first), we report an error instead.
 */
public final class ConfigParser {

    static final List<String> STORE_KEYS =
            List.of("server", "ref", "pat", "prefix", "passwd", "passcmd", "format", "layout", "path");
    static final List<String> CHANNEL_KEYS = List.of("msinfo", "passwd", "sizelimit", "identity");
    static final List<String> FORMATS = List.of("maildir", "mbox", "mh");
    static final List<String> LAYOUTS = List.of("nested", "maildir++");
    static final List<String> IDENTITIES = List.of("msgid", "md5", "auto");
    /** Keys whose empty value means something: no prefix, an empty password. */
    static final List<String> EMPTY_ALLOWED = List.of("prefix", "passwd");

    private final Path file;
    private final Path home;
    private final ConfigLexer lexer;
    private final Map<String, StoreConfig> stores = new LinkedHashMap<>();
    private final Map<String, ChannelConfig> channels = new LinkedHashMap<>();
    /** Where each channel's store names were written, for the reference check after the whole file is read. */
    private final Map<String, Token[]> channelStoreTokens = new LinkedHashMap<>();

    private ConfigParser(String text, Path file, Path home) {
        this.file = file;
        this.home = home;
        this.lexer = new ConfigLexer(text, file);
    }

    /**
     * Parses a configuration file.
     *
     * @param file the file, such as {@code ~/.mailsync}
     * @param home $HOME, against which local paths are resolved
     * @throws ConfigException if the file cannot be read or is not a valid configuration
     */
    public static MailsyncConfig parse(Path file, Path home) throws ConfigException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            // The original's wording, plus the reason it failed.
            throw new ConfigException(new ConfigLocation(file, 0), "Can't open config file " + file + " (" + e + ")");
        }
        return parse(decode(bytes), file, home);
    }

    /**
     * Parses a configuration text.
     *
     * @param text            the configuration
     * @param nameForMessages the file name errors and {@link MailsyncConfig#source()} show
     * @param home            $HOME, against which local paths are resolved
     * @throws ConfigException if the text is not a valid configuration
     */
    public static MailsyncConfig parse(String text, Path nameForMessages, Path home) throws ConfigException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(nameForMessages, "nameForMessages");
        Objects.requireNonNull(home, "home");
        return new ConfigParser(text, nameForMessages, home).parseAll();
    }

    /** UTF-8 if it is valid UTF-8; else ISO-8859-1, which old configs with 8-bit passwords are in. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private MailsyncConfig parseAll() throws ConfigException {
        Token t;
        while ((t = lexer.next(false)) != null) {
            if (t.is("store")) {
                parseStore(t);
            } else if (t.is("channel")) {
                parseChannel(t);
            } else {
                throw error(t, "expected \"store\" or \"channel\", found " + t.quoted());
            }
        }
        checkChannelStores();
        return new MailsyncConfig(file, stores, channels);
    }

    private void parseStore(Token keyword) throws ConfigException {
        Token name = readName(keyword, "store");
        Block block = readBlock("store", name, STORE_KEYS);
        String server = block.value("server");
        String pat = block.value("pat");
        String pathValue = block.value("path");
        if (server != null) {
            for (String localOnly : List.of("path", "format", "layout")) {
                if (block.has(localOnly)) {
                    throw error(block.keyToken(localOnly), "key \"" + localOnly + "\" is for local stores only, but store "
                            + q(name) + " has a server");
                }
            }
        }
        if (block.has("passwd") && block.has("passcmd")) {
            throw error(block.keyToken("passcmd"), "store " + q(name) + " has both \"passwd\" and \"passcmd\"; keep one");
        }
        String format = block.choice("format", FORMATS);
        String layout = block.choice("layout", LAYOUTS);
        if ("maildir++".equals(layout) && format != null && !format.equals("maildir")) {
            throw error(block.keyToken("layout"), "layout \"maildir++\" needs format \"maildir\", but store "
                    + q(name) + " has format " + q(format));
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
                throw error(name, "store " + q(name) + " has no \"pat\" (the folders to sync), e.g. pat INBOX or pat Mail/%");
            }
            pat = "*"; // a store given by its root directory means all of it
        }
        String prefix = block.value("prefix");
        StoreConfig store = new StoreConfig(name.text(), server, block.value("ref"), pat, prefix == null ? "" : prefix,
                block.value("passwd"), block.value("passcmd"), format, layout, path, location(name));
        register(name, store);
        stores.put(name.text(), store);
    }

    private void parseChannel(Token keyword) throws ConfigException {
        Token name = readName(keyword, "channel");
        Token storeA = readName(name, "store");
        Token storeB = readName(storeA, "store");
        Block block = readBlock("channel", name, CHANNEL_KEYS);
        String msinfo = block.value("msinfo");
        if (msinfo == null) {
            throw error(name,
                    "channel " + q(name) + " has no \"msinfo\" (where the state of the last sync is kept)");
        }
        if (!msinfo.startsWith("{") && HomePath.isOtherUsersHome(msinfo)) {
            throw error(block.valueToken("msinfo"), "\"~user\" paths are not supported: " + q(msinfo));
        }
        if (storeA.text().equals(storeB.text())) {
            throw error(storeB, "channel " + q(name) + " names store " + q(storeB) + " twice; a channel syncs two different stores");
        }
        long sizeLimit = 0;
        if (block.has("sizelimit")) {
            Token v = block.valueToken("sizelimit");
            if (!v.text().matches("[0-9]{1,18}")) {
                throw error(v, "sizelimit " + v.quoted() + " in channel " + q(name) + " is not a number of bytes (0 or more)");
            }
            sizeLimit = Long.parseLong(v.text());
        }
        ChannelConfig channel = new ChannelConfig(name.text(), storeA.text(), storeB.text(), msinfo,
                block.value("passwd"), sizeLimit, block.choice("identity", IDENTITIES), location(name));
        register(name, channel);
        channels.put(name.text(), channel);
        channelStoreTokens.put(name.text(), new Token[] {storeA, storeB});
    }

    /** Stores and channels share one namespace, as in the original ("Tag (store or channel name) used twice"). */
    private void register(Token name, ConfigEntry entry) throws ConfigException {
        ConfigEntry earlier = stores.containsKey(name.text()) ? stores.get(name.text()) : channels.get(name.text());
        if (earlier != null) {
            String kind = earlier instanceof StoreConfig ? "store" : "channel";
            throw error(name, "name " + name.quoted() + " used twice: already a " + kind + " at line "
                    + earlier.location().line());
        }
    }

    /** Channels may name stores defined further down, so references are checked once the file is read. */
    private void checkChannelStores() throws ConfigException {
        for (ChannelConfig channel : channels.values()) {
            for (Token store : channelStoreTokens.get(channel.name())) {
                if (stores.containsKey(store.text())) {
                    continue;
                }
                String what = channels.containsKey(store.text()) ? "which is a channel, not a store" : "which is not configured";
                throw error(store, "channel " + q(channel.name()) + " names store " + store.quoted() + ", " + what);
            }
        }
    }

    /** Reads a store or channel name, or a channel's store name, after {@code previous}. */
    private Token readName(Token previous, String what) throws ConfigException {
        Token t = lexer.next(false);
        if (t == null) {
            throw error(lexer.line(), "end of file", what + " name missing after " + previous.quoted());
        }
        if (t.isBrace()) {
            throw error(t, what + " name missing before " + t.quoted());
        }
        if (t.text().isEmpty()) {
            throw error(t, "empty " + what + " name");
        }
        if (!t.literal() && (t.text().contains("{") || t.text().contains("}"))) {
            throw error(t, what + " name " + t.quoted() + " contains a brace; put a space before \"{\"");
        }
        return t;
    }

    /** Reads {@code { key value ... }} and checks keys and values for syntax. */
    private Block readBlock(String kind, Token name, List<String> keys) throws ConfigException {
        Token open = lexer.next(false);
        if (open == null) {
            throw error(lexer.line(), "end of file", "expected \"{\" after " + kind + " " + q(name));
        }
        if (!open.is("{")) {
            throw error(open, "expected \"{\" after " + kind + " " + q(name) + ", found " + open.quoted());
        }
        Block block = new Block(kind, name);
        while (true) {
            Token key = lexer.next(false);
            if (key == null) {
                throw error(lexer.line(), "end of file", kind + " " + q(name) + " opened at line " + open.line()
                        + " is not closed (\"}\" missing)");
            }
            if (key.is("}")) {
                return block;
            }
            if (key.is("store") || key.is("channel")) {
                throw error(key, key.quoted() + " inside " + kind + " " + q(name) + " opened at line " + open.line()
                        + "; is its \"}\" missing?");
            }
            if (key.literal() || !keys.contains(key.text())) {
                throw error(key, "unknown key " + key.quoted() + " in " + kind + " " + q(name)
                        + " (" + kind + " keys: " + String.join(" ", keys) + ")");
            }
            if (block.has(key.text())) {
                throw error(key, "key " + key.quoted() + " given twice in " + kind + " " + q(name)
                        + " (first at line " + block.keyToken(key.text()).line() + ")");
            }
            block.put(key, readValue(kind, name, key, keys));
        }
    }

    private Token readValue(String kind, Token name, Token key, List<String> keys) throws ConfigException {
        Token value = lexer.next(true);
        String hint = "; write " + key.text() + " \"\" for an empty value";
        if (value == null) {
            throw error(lexer.line(), "end of file", "missing value for " + key.quoted() + " in " + kind + " " + q(name));
        }
        if (value.isBrace()) {
            throw error(value, "missing value for " + key.quoted() + " in " + kind + " " + q(name)
                    + " (found " + value.quoted() + ")" + hint);
        }
        // The original took the next key as the value (an empty prefix swallowed "passwd"): refuse
        // that guess; a folder really named like a key can be quoted.
        if (!value.literal() && keys.contains(value.text())) {
            throw error(value, "missing value for " + key.quoted() + " in " + kind + " " + q(name)
                    + " (found key " + value.quoted() + ")" + hint);
        }
        if (value.text().isEmpty() && !EMPTY_ALLOWED.contains(key.text())) {
            throw error(value, "empty value for " + key.quoted() + " in " + kind + " " + q(name));
        }
        if (!value.literal() && value.text().endsWith("}")) {
            throw error(value, "value " + value.quoted() + " of " + key.quoted() + " ends with \"}\"; put a space before \"}\""
                    + " or quote the value");
        }
        return value;
    }

    private ConfigLocation location(Token t) {
        return new ConfigLocation(file, t.line());
    }

    private ConfigException error(Token t, String detail) {
        return new ConfigException(location(t), detail);
    }

    private ConfigException error(int line, String where, String detail) {
        return new ConfigException(new ConfigLocation(file, line), detail + " (at " + where + ")");
    }

    private static String q(Token t) {
        return t.quoted();
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    /** The keys and values of one block, with their tokens for messages. */
    private final class Block {
        private final String kind;
        private final Token name;
        private final Map<String, Token[]> entries = new LinkedHashMap<>();

        Block(String kind, Token name) {
            this.kind = kind;
            this.name = name;
        }

        void put(Token key, Token value) {
            entries.put(key.text(), new Token[] {key, value});
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Token keyToken(String key) {
            return entries.get(key)[0];
        }

        Token valueToken(String key) {
            return entries.get(key)[1];
        }

        String value(String key) {
            Token[] e = entries.get(key);
            return e == null ? null : e[1].text();
        }

        /** A value from a fixed set, lower-cased; null when the key is absent. */
        String choice(String key, List<String> allowed) throws ConfigException {
            if (!has(key)) {
                return null;
            }
            Token v = valueToken(key);
            String normal = v.text().toLowerCase(Locale.ROOT);
            if (!allowed.contains(normal)) {
                throw error(v, "invalid " + key + " " + v.quoted() + " in " + kind + " " + q(name)
                        + " (expected " + String.join(", ", allowed) + ")");
            }
            return normal;
        }
    }
}
