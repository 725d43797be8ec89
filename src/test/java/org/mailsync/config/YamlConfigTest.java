package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .yaml} config means what the same config in the original format means, and is wrong
 * in the same ways: the records compare equal, and every error names file and line.
 */
class YamlConfigTest {

    static final Path FILE = Path.of("/home/u/mail.yaml");
    static final Path HOME = Path.of("/home/u");

    static final String README_YAML = """
            stores:
              laptop:
                pat: Mail/*
                prefix: Mail/
              work:
                server: "{imap.example.org/ssl/user=alice}"
                ref: "{imap.example.org}"
                pat: "INBOX*"
                passcmd: pass show mail/work
            channels:
              office:
                stores: [laptop, work]     # A then B
                msinfo: .mailsync-office.db
                sizelimit: 20000000
                identity: msgid
            """;

    static final String README_ORIGINAL = """
            store laptop {
                pat     Mail/*
                prefix  Mail/
            }
            store work {
                server  {imap.example.org/ssl/user=alice}
                ref     {imap.example.org}
                pat     INBOX*
                passcmd "pass show mail/work"
            }
            channel office laptop work {
                msinfo    .mailsync-office.db
                sizelimit 20000000
                identity  msgid
            }
            """;

    static MailsyncConfig yaml(String text) throws ConfigException {
        return ConfigParser.parse(text, FILE, HOME);
    }

    /**
     * The records with every location replaced by one, as two files differ in where things stand,
     * and without the format of new local folders, which each syntax sets on purpose
     * ({@code NewFolderFormatTest}).
     */
    static Map<String, Object> withoutLocations(MailsyncConfig config) {
        ConfigLocation none = new ConfigLocation(Path.of("-"), 0);
        Map<String, Object> entries = new LinkedHashMap<>();
        config.stores().forEach((name, s) -> entries.put("store " + name, new StoreConfig(s.name(), s.server(), s.ref(),
                s.pattern(), s.prefix(), s.password(), s.passcmd(), s.format(), s.layout(), s.path(), s.maxConnections(),
                none, s.trash())));
        config.channels().forEach((name, c) -> entries.put("channel " + name, new ChannelConfig(c.name(), c.storeA(),
                c.storeB(), c.msinfo(), c.password(), c.sizeLimit(), c.identity(), c.schedule(), c.parallel(), c.syncFlags(),
                c.maxDelete(), none, c.trashDays())));
        return entries;
    }

    /** The error detail for a channel "c" with one more key (as {@code "key: value"}), which stands on line 6. */
    static String channelKeyError(String keyAndValue) {
        return errorAt(6, """
                stores:
                  local: { pat: Mail/% }
                  remote: { server: "{h}", pat: "*" }
                channels:
                  c: { stores: [local, remote], msinfo: m,
                       KEY }
                """.replace("KEY", keyAndValue));
    }

    /** Parses the YAML, expecting a failure at the line; returns the detail for further checks. */
    static String errorAt(int line, String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> yaml(text));
        assertThat(e).as("expected a ConfigException for:%n%s", text).isNotNull();
        assertThat(e.location()).as(e.getMessage()).isEqualTo(new ConfigLocation(FILE, line));
        assertThat(e.getMessage()).startsWith("/home/u/mail.yaml:" + line + ": ").endsWith(e.detail());
        return e.detail();
    }

    @Test
    void readmeYamlIsTheReadmeConfig() throws Exception {
        MailsyncConfig fromYaml = yaml(README_YAML);
        MailsyncConfig fromOriginal = ConfigParser.parse(README_ORIGINAL, Path.of("/home/u/.mailsync"), HOME);

        assertThat(withoutLocations(fromYaml)).containsExactlyEntriesOf(withoutLocations(fromOriginal));
        assertThat(fromYaml.source()).isEqualTo(FILE);
        assertThat(fromYaml.store("laptop").orElseThrow().location()).isEqualTo(new ConfigLocation(FILE, 2));
        assertThat(fromYaml.store("work").orElseThrow().location()).isEqualTo(new ConfigLocation(FILE, 5));
        assertThat(fromYaml.channel("office").orElseThrow().location()).isEqualTo(new ConfigLocation(FILE, 11));
    }

    @Test
    void exampleYamlIsTheExample() throws Exception {
        MailsyncConfig fromYaml = ConfigParser.parse(Path.of("config/mailsync.example.yaml"), HOME);
        MailsyncConfig fromOriginal = ConfigParser.parse(Path.of("config/mailsync.example"), HOME);

        assertThat(fromYaml.stores()).containsOnlyKeys("local", "remote");
        assertThat(withoutLocations(fromYaml)).containsExactlyEntriesOf(withoutLocations(fromOriginal));
    }

    @Test
    void fileNameDecidesTheFormat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yml"), README_YAML);
        Files.writeString(dir.resolve("a.YAML"), README_YAML);
        Files.writeString(dir.resolve("a.conf"), README_ORIGINAL);

        Map<String, Object> expected = withoutLocations(ConfigParser.parse(README_ORIGINAL, Path.of("/home/u/.mailsync"), HOME));
        assertThat(withoutLocations(ConfigParser.parse(dir.resolve("a.yml"), HOME))).isEqualTo(expected);
        assertThat(withoutLocations(ConfigParser.parse(dir.resolve("a.YAML"), HOME))).isEqualTo(expected);
        assertThat(withoutLocations(ConfigParser.parse(dir.resolve("a.conf"), HOME))).isEqualTo(expected);
    }

    @Test
    void homePathsResolveAsInTheOriginalFormat() throws Exception {
        MailsyncConfig config = yaml("""
                stores:
                  a: { path: ~/Maildir }
                  b: { path: mail/b, pat: "%" }
                  c: { pat: Mail/% }
                channels:
                  ab: { stores: [a, b], msinfo: ~/.msinfo-ab }
                """);

        assertThat(config.store("a").orElseThrow().path()).isEqualTo(Path.of("/home/u/Maildir"));
        assertThat(config.store("a").orElseThrow().pattern()).isEqualTo("*");
        assertThat(config.store("b").orElseThrow().path()).isEqualTo(Path.of("/home/u/mail/b"));
        assertThat(config.store("c").orElseThrow().path()).isEqualTo(HOME);
        assertThat(config.channel("ab").orElseThrow().msinfoPath(HOME)).isEqualTo(Path.of("/home/u/.msinfo-ab"));
    }

    @Test
    void valuesAreTakenAsWrittenNotAsYamlTypes() throws Exception {
        MailsyncConfig config = yaml("""
                stores:
                  a: { pat: yes, passwd: 0123, prefix: "" }
                  b: { pat: 1.50 }
                channels:
                  ab: { stores: [a, b], msinfo: "null", sizelimit: 0010 }
                """);

        assertThat(config.store("a").orElseThrow().pattern()).isEqualTo("yes");
        assertThat(config.store("a").orElseThrow().password()).isEqualTo("0123");
        assertThat(config.store("a").orElseThrow().prefix()).isEmpty();
        assertThat(config.store("b").orElseThrow().pattern()).isEqualTo("1.50");
        assertThat(config.channel("ab").orElseThrow().msinfo()).isEqualTo("null");
        assertThat(config.channel("ab").orElseThrow().sizeLimit()).isEqualTo(10);
    }

    @Test
    void emptyFileAndEmptySectionsConfigureNothing() throws Exception {
        assertThat(yaml("").stores()).isEmpty();
        assertThat(yaml("# nothing yet\n").channels()).isEmpty();
        assertThat(yaml("stores:\nchannels:\n").stores()).isEmpty();
    }

    // --- the shared rules, reached from YAML

    @Test
    void unknownStoreKey() {
        assertThat(errorAt(7, """
                stores:
                  work:
                    server: "{imap.example.org}"
                    pat: INBOX
                  local:
                    pat: Mail/*
                    prefx: Mail/
                """)).startsWith("unknown key \"prefx\" in store \"local\"").contains("prefix");
    }

    @Test
    void unknownChannelKeyListsStoresToo() {
        assertThat(errorAt(4, "channels:\n  c:\n    stores: [a, b]\n    maxsize: 10\n"))
                .startsWith("unknown key \"maxsize\" in channel \"c\"").contains("stores msinfo");
    }

    @Test
    void keyGivenTwice() {
        assertThat(errorAt(4, "stores:\n  s:\n    pat: A\n    pat: B\n"))
                .isEqualTo("key \"pat\" given twice in store \"s\" (first at line 3)");
    }

    @Test
    void invalidChoiceValues() {
        assertThat(errorAt(2, "stores:\n  s: { path: m, format: maildirx }\n"))
                .startsWith("invalid format \"maildirx\" in store \"s\"");
        assertThat(errorAt(3, "stores:\n  s:\n    layout: flat\n    path: m\n"))
                .startsWith("invalid layout \"flat\"");
        assertThat(errorAt(4, "channels:\n  c:\n    msinfo: m\n    identity: sha1\n    stores: [a, b]\n"))
                .startsWith("invalid identity \"sha1\" in channel \"c\"");
    }

    @Test
    void sizelimitNotANumber() {
        assertThat(errorAt(5, "channels:\n  c:\n    stores: [a, b]\n    msinfo: m\n    sizelimit: 0x10\n"))
                .startsWith("sizelimit \"0x10\" in channel \"c\" is not a number of bytes");
        assertThat(errorAt(2, "channels:\n  c: { stores: [a, b], msinfo: m, sizelimit: -1 }\n"))
                .startsWith("sizelimit \"-1\"");
    }

    @Test
    void requiredKeys() {
        assertThat(errorAt(3, "stores:\n  a: { pat: A }\n  s:\n    prefix: x\n"))
                .startsWith("store \"s\" has no \"pat\"");
        assertThat(errorAt(2, "channels:\n  c:\n    stores: [a, b]\n")).startsWith("channel \"c\" has no \"msinfo\"");
        assertThat(errorAt(2, "stores:\n  s:\n")).startsWith("store \"s\" has no \"pat\"");
    }

    @Test
    void emptyValue() {
        assertThat(errorAt(3, "stores:\n  s:\n    pat: \"\"\n")).isEqualTo("empty value for \"pat\" in store \"s\"");
    }

    @Test
    void storeAndChannelShareOneNamespace() {
        assertThat(errorAt(5, """
                stores:
                  a: { pat: A }
                  b: { pat: B }
                channels:
                  a: { stores: [a, b], msinfo: m }
                """)).isEqualTo("name \"a\" used twice: already a store at line 2");
    }

    @Test
    void channelNamesUndefinedStore() {
        assertThat(errorAt(7, """
                stores:
                  a: { pat: A }
                channels:
                  c:
                    stores:
                      - a
                      - nowhere
                    msinfo: m
                """)).isEqualTo("channel \"c\" names store \"nowhere\", which is not configured");
    }

    @Test
    void channelNamesSameStoreTwice() {
        assertThat(errorAt(4, "stores:\n  a: { pat: A }\nchannels:\n  c: { stores: [a, a], msinfo: m }\n"))
                .startsWith("channel \"c\" names store \"a\" twice");
    }

    @Test
    void localOnlyKeyOnServerStore() {
        assertThat(errorAt(4, "stores:\n  s:\n    server: \"{h}\"\n    path: ~/m\n    pat: A\n"))
                .startsWith("key \"path\" is for local stores only");
    }

    @Test
    void otherUsersHomeRefused() {
        assertThat(errorAt(2, "stores:\n  s: { path: ~bob/Mail }\n")).startsWith("\"~user\" paths are not supported");
    }

    // --- YAML's own shape

    @Test
    void unquotedServerSpecIsAMapping() {
        assertThat(errorAt(3, "stores:\n  s:\n    server: {imap.example.org/ssl}\n    pat: A\n"))
                .startsWith("value of \"server\" in store \"s\" is a mapping, where one value is expected")
                .contains("quote");
    }

    @Test
    void listWhereAValueIsExpected() {
        assertThat(errorAt(4, "stores:\n  s:\n    pat:\n      - INBOX\n      - Sent\n"))
                .startsWith("value of \"pat\" in store \"s\" is a list");
    }

    @Test
    void nullValueIsMissing() {
        assertThat(errorAt(3, "stores:\n  s:\n    prefix:\n    pat: A\n"))
                .isEqualTo("missing value for \"prefix\" in store \"s\"; write prefix: \"\" for an empty value");
    }

    @Test
    void channelStoresNotExactlyTwo() {
        assertThat(errorAt(3, "channels:\n  c:\n    stores: [a, b, d]\n    msinfo: m\n"))
                .isEqualTo("\"stores\" of channel \"c\" names 3 stores; a channel syncs exactly two: [A, B]");
        assertThat(errorAt(3, "channels:\n  c:\n    stores: [a]\n    msinfo: m\n")).contains("names 1 stores");
        assertThat(errorAt(3, "channels:\n  c:\n    stores: a b\n    msinfo: m\n"))
                .startsWith("\"stores\" of channel \"c\" must be a list");
        assertThat(errorAt(3, "channels:\n  c:\n    stores: [a, [b]]\n    msinfo: m\n"))
                .contains("holds a list where a store name is expected");
    }

    @Test
    void channelWithoutStores() {
        assertThat(errorAt(4, "stores:\n  a: { pat: A }\nchannels:\n  c:\n    msinfo: m\n"))
                .startsWith("channel \"c\" has no \"stores\"");
    }

    @Test
    void channelStoresGivenTwice() {
        assertThat(errorAt(4, "channels:\n  c:\n    stores: [a, b]\n    stores: [b, a]\n"))
                .isEqualTo("key \"stores\" given twice in channel \"c\" (first at line 3)");
    }

    @Test
    void topLevelShape() {
        assertThat(errorAt(1, "- stores\n- channels\n")).startsWith("expected a mapping with \"stores\" and \"channels\"");
        assertThat(errorAt(2, "stores:\nstore:\n")).startsWith("unknown section \"store\"");
        assertThat(errorAt(3, "stores:\nchannels:\nstores:\n"))
                .isEqualTo("section \"stores\" given twice (first at line 1)");
        assertThat(errorAt(1, "stores: [a, b]\n")).startsWith("\"stores\" must be a mapping of names, found a list");
        assertThat(errorAt(2, "stores:\n  s: INBOX\n")).startsWith("store \"s\" must be a mapping of keys");
    }

    @Test
    void yamlSyntaxErrorNamesItsLine() {
        assertThat(errorAt(4, "stores:\n  s:\n    pat: A\n   prefix: B\n")).startsWith("not valid YAML: ");
        // Where YAML noticed, and where what it was reading began.
        assertThat(errorAt(4, "stores:\n  s:\n    pat: \"A\n"))
                .isEqualTo("not valid YAML: found unexpected end of stream (while scanning a quoted scalar at line 3)");
    }
}
