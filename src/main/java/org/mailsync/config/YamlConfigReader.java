package org.mailsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a configuration written in YAML: the same stores and channels as the original format,
 * with a channel's two stores in a {@code stores} list.
 *
 * <pre>
 * stores:
 *   laptop: { pat: Mail/*, prefix: Mail/ }
 *   work:   { server: "{imap.example.org/ssl/user=alice}", pat: "INBOX*" }
 * channels:
 *   office:
 *     stores: [laptop, work]     # A then B
 *     msinfo: .mailsync-office.db
 * state: jdbc:postgresql://db.example.org/mailsync?user=mailsync   # optional, as in the original format
 * serverconnections: 10        # optional, as in the original format: connections per server and login, all channels
 * accounts:                      # optional: a channel per row of each table (see AccountChannels)
 *   /srv/mailsync/accounts.csv:
 *     target: maildir:/srv/mail/{account}
 *     schedule: 15m
 * </pre>
 *
 * Only the YAML shape is checked here (mappings, lists and scalars where they belong); every
 * name, key and value goes to {@link ConfigAssembler}, which applies the rules both formats
 * share. The document is read as nodes rather than Java objects so that every error carries a
 * line, and so that a value is taken as written: {@code sizelimit: 0x10} or {@code pat: 010}
 * reach the shared checks as the text the user wrote, not as a number YAML turned it into.
 */
final class YamlConfigReader {

    private static final List<String> SECTIONS = List.of("stores", "channels", "accounts");
    /** The channel key that the original format writes after the channel's name. */
    private static final String CHANNEL_STORES = "stores";
    private static final List<String> SHOWN_CHANNEL_KEYS = List.of(
            CHANNEL_STORES, "msinfo", "passwd", "sizelimit", "identity", "schedule", "parallel", "flags", "maxdelete", "trashdays",
            "specialuse", "push");

    private final String text;
    private final ConfigAssembler assembler;
    private final Path file;

    YamlConfigReader(String text, ConfigAssembler assembler, Path file) {
        this.text = text;
        this.assembler = assembler;
        this.file = file;
    }

    MailsyncConfig read() throws ConfigException {
        Optional<Node> root = compose();
        if (root.isEmpty()) {
            return assembler.build(); // an empty file, like an empty ~/.mailsync, configures nothing
        }
        Node top = root.get();
        if (!(top instanceof MappingNode mapping)) {
            throw error(line(top), "expected a mapping with \"stores\" and \"channels\", found " + describe(top));
        }
        ConfigToken[] seen = new ConfigToken[SECTIONS.size()];
        for (NodeTuple section : mapping.getValue()) {
            ConfigToken key = keyToken(section.getKeyNode(), "the configuration");
            if (ConfigAssembler.GLOBAL_KEYS.contains(key.text())) {
                // state: jdbc:postgresql://... and statepasscmd: "..." (see ConfigParser)
                assembler.addGlobal(key, valueToken(section.getValueNode(), key, "the configuration"));
                continue;
            }
            int index = SECTIONS.indexOf(key.text());
            if (index < 0) {
                throw error(key.line(), "unknown section " + key.quoted() + " (sections: " + String.join(" ", SECTIONS) + ")");
            }
            if (seen[index] != null) {
                throw error(key.line(), "section " + key.quoted() + " given twice (first at line " + seen[index].line() + ")");
            }
            seen[index] = key;
            // Sections are read in file order, so "used twice" points at the later of two entries, as in the original.
            for (NodeTuple entry : entries(section.getValueNode(), key.quoted(), "names")) {
                ConfigToken name = nameToken(entry.getKeyNode(), key.text());
                if (index == 0) {
                    readStore(name, entry.getValueNode());
                } else if (index == 1) {
                    readChannel(name, entry.getValueNode());
                } else {
                    readAccounts(name, entry.getValueNode());
                }
            }
        }
        return assembler.build();
    }

    private Optional<Node> compose() throws ConfigException {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            // The line is where YAML noticed; where the construct it was reading began (an
            // unclosed quote's opening line) is named too, as that is often what to fix.
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            String context = "";
            if (e.getContext() != null) {
                int contextLine = e.getContextMark().map(m -> m.getLine() + 1).orElse(0);
                context = " (" + e.getContext() + (contextLine > 0 && contextLine != line ? " at line " + contextLine : "") + ")";
            }
            throw error(line, "not valid YAML: " + e.getProblem() + context);
        } catch (YamlEngineException e) {
            throw error(0, "not valid YAML: " + e.getMessage());
        }
    }

    private void readStore(ConfigToken name, Node body) throws ConfigException {
        ConfigAssembler.Block block = assembler.block("store", name, ConfigAssembler.STORE_KEYS, ConfigAssembler.STORE_KEYS);
        for (NodeTuple entry : entries(body, "store " + name.quoted(), "keys")) {
            ConfigToken key = keyToken(entry.getKeyNode(), "store " + name.quoted());
            block.checkKey(key); // an unknown key is the better message than its value's shape
            block.put(key, valueToken(entry.getValueNode(), key, "store " + name.quoted()));
        }
        assembler.addStore(name, block);
    }

    /** An accounts table and its defaults ({@code FILE: { KEY: VALUE }}, or {@code FILE:} for none): see {@link AccountChannels}. */
    private void readAccounts(ConfigToken file, Node body) throws ConfigException {
        String where = "accounts " + file.quoted();
        ConfigAssembler.Block block = assembler.block("accounts", file, ConfigAssembler.ACCOUNTS_KEYS,
                ConfigAssembler.ACCOUNTS_KEYS);
        for (NodeTuple entry : entries(body, where, "keys")) {
            ConfigToken key = keyToken(entry.getKeyNode(), where);
            block.checkKey(key);
            block.put(key, valueToken(entry.getValueNode(), key, where));
        }
        assembler.addAccounts(file, block);
    }

    private void readChannel(ConfigToken name, Node body) throws ConfigException {
        String where = "channel " + name.quoted();
        ConfigAssembler.Block block =
                assembler.block("channel", name, ConfigAssembler.CHANNEL_KEYS, SHOWN_CHANNEL_KEYS);
        ConfigToken storesKey = null;
        ConfigToken[] pair = null;
        for (NodeTuple entry : entries(body, where, "keys")) {
            ConfigToken key = keyToken(entry.getKeyNode(), where);
            if (key.text().equals(CHANNEL_STORES)) {
                if (storesKey != null) {
                    throw error(key.line(), "key " + key.quoted() + " given twice in " + where
                            + " (first at line " + storesKey.line() + ")");
                }
                storesKey = key;
                pair = storePair(entry.getValueNode(), where);
            } else {
                block.checkKey(key);
                block.put(key, valueToken(entry.getValueNode(), key, where));
            }
        }
        if (pair == null) {
            throw error(name.line(), where + " has no \"stores\" (its two stores, A then B, e.g. stores: [laptop, work])");
        }
        assembler.addChannel(name, pair[0], pair[1], block);
    }

    /** A channel's {@code stores}: a list of exactly two names, A then B. */
    private ConfigToken[] storePair(Node node, String where) throws ConfigException {
        if (!(node instanceof SequenceNode list)) {
            throw error(line(node), "\"stores\" of " + where + " must be a list of its two stores, e.g. [laptop, work]; found "
                    + describe(node));
        }
        if (list.getValue().size() != 2) {
            throw error(line(node), "\"stores\" of " + where + " names " + list.getValue().size()
                    + " stores; a channel syncs exactly two: [A, B]");
        }
        ConfigToken[] pair = new ConfigToken[2];
        for (int i = 0; i < 2; i++) {
            Node element = list.getValue().get(i);
            if (!(element instanceof ScalarNode scalar)) {
                throw error(line(element), "\"stores\" of " + where + " holds " + describe(element)
                        + " where a store name is expected");
            }
            pair[i] = new ConfigToken(isNull(scalar) ? "" : scalar.getValue(), true, line(element));
        }
        return pair;
    }

    /** The entries of a mapping; a key with nothing after it ({@code stores:}) has none. */
    private List<NodeTuple> entries(Node node, String what, String ofWhat) throws ConfigException {
        if (node instanceof ScalarNode scalar && isNull(scalar)) {
            return List.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error(line(node), what + " must be a mapping of " + ofWhat + ", found " + describe(node));
        }
        return mapping.getValue();
    }

    /**
     * A key of a store or channel, or a section name. Never literal: in YAML, quoting a key
     * does not change it, unlike the original format where a quoted word is never a keyword.
     */
    private ConfigToken keyToken(Node node, String where) throws ConfigException {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(line(node), "a key in " + where + " is " + describe(node) + ", not a word");
        }
        return new ConfigToken(scalar.getValue(), false, line(node));
    }

    private ConfigToken nameToken(Node node, String section) throws ConfigException {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(line(node), "a name in \"" + section + "\" is " + describe(node) + ", not a word");
        }
        return new ConfigToken(isNull(scalar) ? "" : scalar.getValue(), true, line(node));
    }

    /** A key's value: one scalar, as written. */
    private ConfigToken valueToken(Node node, ConfigToken key, String where) throws ConfigException {
        if (node instanceof ScalarNode scalar) {
            if (isNull(scalar)) {
                // YAML reads "prefix:" as null, not as an empty text; say how to write the latter.
                throw error(key.line(), "missing value for " + key.quoted() + " in " + where
                        + "; write " + key.text() + ": \"\" for an empty value");
            }
            return new ConfigToken(scalar.getValue(), true, line(node));
        }
        // The likely cause: an unquoted server spec, which YAML reads as a {flow mapping}.
        throw error(line(node), "value of " + key.quoted() + " in " + where + " is " + describe(node)
                + ", where one value is expected; quote a value that starts with \"{\" or \"[\"");
    }

    /** A plain {@code ~}, {@code null} or nothing: YAML's null, not a text. */
    private static boolean isNull(ScalarNode scalar) {
        return Tag.NULL.equals(scalar.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode scalar) {
            return isNull(scalar) ? "nothing" : "the value \"" + scalar.getValue() + "\"";
        }
        return "a " + node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /** The 1-based line a node starts on (marks count from 0); 0, the whole file, if unknown. */
    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private ConfigException error(int line, String detail) {
        return new ConfigException(new ConfigLocation(file, line), detail);
    }
}
