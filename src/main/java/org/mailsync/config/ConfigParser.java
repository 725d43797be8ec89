package org.mailsync.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a configuration: the original mailsync's format ({@code ~/.mailsync}) with our extension
 * keys, or, for a file named {@code *.yaml} or {@code *.yml}, the same model written in YAML
 * (see {@link YamlConfigReader} and {@code config/mailsync.example.yaml}). Either way it is checked
 * as a whole, by the same rules ({@link ConfigAssembler}): every error is a {@link ConfigException} naming file, line
 * and token, and a returned {@link MailsyncConfig} is usable (channels name existing stores,
 * values are valid).
 *
 * <pre>
 * store NAME { KEY VALUE ... }                  keys: server ref pat prefix passwd passcmd format layout path maxconnections trash auth throttle
 * channel NAME STORE_A STORE_B { KEY VALUE ... } keys: msinfo passwd sizelimit identity schedule parallel flags maxdelete trashdays
 * state jdbc:postgresql://HOST:PORT/DB?user=NAME    (global, optional: every channel's state in PostgreSQL)
 * statepasscmd "CMD"                             (global, optional: prints the state database's password)
 * serverconnections N                            (global, optional: the most IMAP connections to one server and login, over all channels)
 * accounts FILE { KEY VALUE ... }                (a channel per row of a table; the block is optional)
 *     columns of FILE (*.csv with a header row, or *.yaml/*.yml, a list of mappings): account source target
 *     keys (defaults of the columns): source target passcmd msinfo sizelimit identity schedule parallel flags
 *                                     maxdelete trashdays specialuse push maxconnections auth throttle trash
 * </pre>
 *
 * <p>{@code accounts FILE} generates channels from a table so that thousands of accounts need
 * no block each: a row's {@code account} names its channel, and its {@code source} and
 * {@code target} are inline store specs as {@code mailsync migrate} takes them
 * ({@code imaps://USER@HOST[:PORT][/FLAG...]}, {@code maildir:PATH}, {@code mbox:PATH},
 * {@code mh:PATH}), the channel's stores {@code ACCOUNT:source} and {@code ACCOUNT:target}.
 * Every key of the block may also be a column, overriding it for that row; {@code {account}}
 * in any value is the row's account; the channel's state is {@code msinfo} (in the block it
 * must contain {@code {account}}), else {@code <FILE>.d/<account>.msinfo}. FILE and relative
 * paths are relative to $HOME. See {@link AccountChannels} and {@code docs/ACCOUNTS.md}.
 *
 * The opening <code>{</code> may stand on the same line as the name or on the next. Tokenizing
 * (quotes, escapes, comments, server specs) is described in {@code ConfigLexer}.
 * A value is the token after its key, whatever it is, as in the original ({@code msinfo msinfo}).
 * Where the original silently misread a file (a {@code prefix} left without its value swallowing
 * the next key and its value, a repeated key overriding the first), we report an error instead.
 *
 * <p>This class reads the original format's syntax; what the names, keys and values mean and
 * whether they are valid is decided in {@link ConfigAssembler}, which the YAML reader feeds too.
 */
public final class ConfigParser {

    private final Path file;
    private final ConfigLexer lexer;
    private final ConfigAssembler assembler;

    private ConfigParser(String text, Path file, Path home) {
        this.file = file;
        this.lexer = new ConfigLexer(text, file);
        // c-client's default: the original creates mbox files, and must still read ours
        this.assembler = new ConfigAssembler(file, home, StoreConfig.NEW_FOLDERS_ORIGINAL);
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
     * Parses a configuration text, as YAML if {@code nameForMessages} ends in {@code .yaml} or
     * {@code .yml}, else in the original format; the name decides, as it does for a file, so
     * that a text and the file it came from always parse alike.
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
        if (isYaml(nameForMessages)) {
            return new YamlConfigReader(text, new ConfigAssembler(nameForMessages, home, StoreConfig.NEW_FOLDERS_DEFAULT),
                    nameForMessages).read();
        }
        return new ConfigParser(text, nameForMessages, home).parseAll();
    }

    /** Whether a file is read as YAML: by its name, since ~/.mailsync itself has no extension to go by. */
    static boolean isYaml(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String lower = name.toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    /** UTF-8 if it is valid UTF-8; else ISO-8859-1, which old configs with 8-bit passwords are in. */
    static String decode(byte[] bytes) {
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
        ConfigToken t;
        while ((t = lexer.next(false)) != null) {
            if (t.is("store")) {
                parseStore(t);
            } else if (t.is("channel")) {
                parseChannel(t);
            } else if (t.is("accounts")) {
                parseAccounts(t);
            } else if (!t.literal() && ConfigAssembler.GLOBAL_KEYS.contains(t.text())) {
                parseGlobal(t);
            } else {
                throw error(t, "expected \"store\" or \"channel\", found " + t.quoted());
            }
        }
        return assembler.build();
    }

    /** A key outside any block ({@code state URL}, {@code statepasscmd CMD}): its value is the next token. */
    private void parseGlobal(ConfigToken key) throws ConfigException {
        ConfigToken value = lexer.next(true);
        if (value == null || value.isBrace()) {
            throw error(value == null ? key : value, "missing value for " + key.quoted());
        }
        assembler.addGlobal(key, value);
    }

    private void parseStore(ConfigToken keyword) throws ConfigException {
        ConfigToken name = readName(keyword, "store");
        assembler.addStore(name, readBlock("store", name, ConfigAssembler.STORE_KEYS));
    }

    private void parseChannel(ConfigToken keyword) throws ConfigException {
        ConfigToken name = readName(keyword, "channel");
        ConfigToken storeA = readName(name, "store");
        ConfigToken storeB = readName(storeA, "store");
        assembler.addChannel(name, storeA, storeB, readBlock("channel", name, ConfigAssembler.CHANNEL_KEYS));
    }

    /**
     * {@code accounts FILE [{ KEY VALUE ... }]}: a table of accounts, a channel each
     * ({@link AccountChannels}); the block, whose keys are every row's defaults, may be left out.
     */
    private void parseAccounts(ConfigToken keyword) throws ConfigException {
        ConfigToken file = lexer.next(false);
        if (file == null) {
            throw error(lexer.line(), "end of file", "accounts table file missing after " + keyword.quoted());
        }
        if (file.isBrace()) {
            throw error(file, "accounts table file missing before " + file.quoted()
                    + " (accounts FILE.csv { KEY VALUE ... })");
        }
        if (!file.literal() && (file.text().contains("{") || file.text().contains("}"))) {
            throw error(file, "accounts table file " + file.quoted() + " contains a brace; put a space before \"{\"");
        }
        ConfigToken next = lexer.peek(false);
        ConfigAssembler.Block block = next != null && next.is("{")
                ? readBlock("accounts", file, ConfigAssembler.ACCOUNTS_KEYS)
                : assembler.block("accounts", file, ConfigAssembler.ACCOUNTS_KEYS, ConfigAssembler.ACCOUNTS_KEYS);
        assembler.addAccounts(file, block);
    }

    /** Reads a store or channel name, or a channel's store name, after {@code previous}. */
    private ConfigToken readName(ConfigToken previous, String what) throws ConfigException {
        ConfigToken t = lexer.next(false);
        if (t == null) {
            throw error(lexer.line(), "end of file", what + " name missing after " + previous.quoted());
        }
        if (t.isBrace()) {
            throw error(t, what + " name missing before " + t.quoted());
        }
        assembler.checkName(t, what);
        if (!t.literal() && (t.text().contains("{") || t.text().contains("}"))) {
            throw error(t, what + " name " + t.quoted() + " contains a brace; put a space before \"{\"");
        }
        return t;
    }

    /** Reads {@code { key value ... }} and checks keys and values for syntax. */
    private ConfigAssembler.Block readBlock(String kind, ConfigToken name, List<String> keys) throws ConfigException {
        ConfigToken open = lexer.next(false);
        if (open == null) {
            throw error(lexer.line(), "end of file", "expected \"{\" after " + kind + " " + q(name));
        }
        if (!open.is("{")) {
            throw error(open, "expected \"{\" after " + kind + " " + q(name) + ", found " + open.quoted());
        }
        ConfigAssembler.Block block = assembler.block(kind, name, keys, keys);
        while (true) {
            ConfigToken key = lexer.next(false);
            if (key == null) {
                throw error(lexer.line(), "end of file", kind + " " + q(name) + " opened at line " + open.line()
                        + " is not closed (\"}\" missing)");
            }
            if (key.is("}")) {
                return block;
            }
            if (key.is("store") || key.is("channel") || key.is("accounts")) {
                throw error(key, key.quoted() + " inside " + kind + " " + q(name) + " opened at line " + open.line()
                        + "; is its \"}\" missing?");
            }
            block.checkKey(key); // before the value, which is read according to the key
            block.put(key, readValue(kind, name, key, keys));
        }
    }

    private ConfigToken readValue(String kind, ConfigToken name, ConfigToken key, List<String> keys) throws ConfigException {
        ConfigToken value = lexer.next(true);
        String hint = "; write " + key.text() + " \"\" for an empty value";
        if (value == null) {
            throw error(lexer.line(), "end of file", "missing value for " + key.quoted() + " in " + kind + " " + q(name));
        }
        if (value.isBrace()) {
            throw error(value, "missing value for " + key.quoted() + " in " + kind + " " + q(name)
                    + " (found " + value.quoted() + ")" + hint);
        }
        if (isKeyMissingItsValue(key, value, keys)) {
            throw error(value, "missing value for " + key.quoted() + " in " + kind + " " + q(name)
                    + " (found key " + value.quoted() + ", which has its own value on line " + value.line() + ")" + hint);
        }
        // "maildir:/srv/mail/{account}" in an accounts block ends with a brace that closes nothing
        if (!value.literal() && value.text().endsWith("}") && !value.text().endsWith(AccountChannels.PLACEHOLDER)) {
            throw error(value, "value " + value.quoted() + " of " + key.quoted() + " ends with \"}\"; put a space before \"}\""
                    + " or quote the value");
        }
        return value;
    }

    /**
     * Whether the token after a key is really the next key, its own value missing. The
     * original's rule is that the next token is the value, whatever it is, and we keep it:
     * {@code msinfo msinfo} names a state file "msinfo", and {@code prefix passwd} is a prefix.
     * The one layout that only a missing value explains is refused: the key ends its line, and
     * the next word, on a later line, is a key of this block followed on that line by a value
     * of its own ({@code prefix} / {@code passwd secret}). Taking "passwd" as the prefix there would read
     * "secret" as a key, and the original silently misread such files (an empty prefix
     * swallowed the next key). A value that really is spelled like that can be quoted.
     */
    private boolean isKeyMissingItsValue(ConfigToken key, ConfigToken value, List<String> keys) {
        if (value.literal() || !keys.contains(value.text()) || value.line() == key.line()) {
            return false;
        }
        ConfigToken after = lexer.peek(true); // what would be the value if "value" were a key
        return after != null && after.line() == value.line() && !after.isBrace();
    }

    private ConfigException error(ConfigToken t, String detail) {
        return assembler.error(t, detail);
    }

    private ConfigException error(int line, String where, String detail) {
        return new ConfigException(new ConfigLocation(file, line), detail + " (at " + where + ")");
    }

    private static String q(ConfigToken t) {
        return t.quoted();
    }
}
