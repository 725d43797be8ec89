package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.assembly.InlineStores;
import org.mailsync.sync.DeletionLimit;

/**
 * {@code accounts FILE { ... }}: every row of a CSV or YAML table is an ordinary channel with two
 * stores made from its inline specs and the block's defaults, overridden by the row's columns.
 */
class AccountsTableTest {

    @TempDir
    Path home;

    static final String CONFIG = """
            accounts accounts.csv {
                target         maildir:/srv/mail/{account}
                passcmd        "pass show imap/{account}"
                schedule       15m
                parallel       2
                maxdelete      30/10
                maxconnections 2
                trash          off
            }
            """;

    static final String CSV = """
            account,source,passcmd,schedule
            alice,imaps://alice@imap.example.org,,
            bob,imap://bob@mail.example.com:1143/notls,"cat ~/secret, bob",1h
            """;

    MailsyncConfig parse(String config) throws ConfigException {
        return ConfigParser.parse(config, home.resolve(".mailsync"), home);
    }

    MailsyncConfig parseYaml(String config) throws ConfigException {
        return ConfigParser.parse(config, home.resolve("mailsync.yaml"), home);
    }

    void write(String name, String text) throws Exception {
        Files.writeString(home.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void csvRowsBecomeChannelsWithTheirStoresAndTheBlocksDefaults() throws Exception {
        write("accounts.csv", CSV);

        MailsyncConfig config = parse(CONFIG);

        assertThat(config.channels()).containsOnlyKeys("alice", "bob");
        assertThat(config.stores()).containsOnlyKeys("alice:source", "alice:target", "bob:source", "bob:target");
        ChannelConfig alice = config.channel("alice").orElseThrow();
        assertThat(alice.storeA()).isEqualTo("alice:source");
        assertThat(alice.storeB()).isEqualTo("alice:target");
        assertThat(alice.schedule()).isEqualTo("15m");
        assertThat(alice.parallel()).isEqualTo(2);
        assertThat(alice.maxDelete()).isEqualTo(new DeletionLimit(30, 10));
        assertThat(alice.location()).isEqualTo(new ConfigLocation(home.resolve("accounts.csv"), 2));
        assertThat(alice.msinfoPath(home)).isEqualTo(home.resolve("accounts.csv.d/alice.msinfo"));

        StoreConfig source = config.store("alice:source").orElseThrow();
        assertThat(source.server()).isEqualTo("{imap.example.org/user=alice/ssl}");
        assertThat(source.pattern()).isEqualTo("*");
        assertThat(source.prefix()).isEmpty();
        assertThat(source.passcmd()).isEqualTo("pass show imap/alice");
        assertThat(source.maxConnections()).isEqualTo(2);
        assertThat(source.trashOff()).isTrue();
        StoreConfig target = config.store("alice:target").orElseThrow();
        assertThat(target.isLocal()).isTrue();
        assertThat(target.path()).isEqualTo(Path.of("/srv/mail/alice"));
        assertThat(target.format()).isEqualTo("maildir");
        assertThat(target.pattern()).isEqualTo("*");
        assertThat(target.passcmd()).as("a local store has no password").isNull();
        assertThat(target.maxConnections()).isNull();
        assertThat(target.trashOff()).as("trash off applies to local stores too").isTrue();

        ChannelConfig bob = config.channel("bob").orElseThrow();
        assertThat(bob.schedule()).as("the column overrides the default").isEqualTo("1h");
        assertThat(bob.msinfoPath(home)).isEqualTo(home.resolve("accounts.csv.d/bob.msinfo"));
        StoreConfig bobSource = config.store("bob:source").orElseThrow();
        assertThat(bobSource.server()).isEqualTo("{mail.example.com:1143/user=bob/notls}");
        assertThat(bobSource.passcmd()).isEqualTo("cat ~/secret, bob");
        assertThat(config.store("bob:target").orElseThrow().path()).isEqualTo(Path.of("/srv/mail/bob"));
        assertThat(config.tables()).extracting(MailsyncConfig.Table::file).containsExactly(home.resolve("accounts.csv"));
    }

    @Test
    void yamlTableGivesTheSameChannelsAsCsv() throws Exception {
        write("accounts.csv", CSV);
        write("accounts.yaml", """
                - account: alice
                  source: imaps://alice@imap.example.org
                - {account: bob, source: "imap://bob@mail.example.com:1143/notls", passcmd: "cat ~/secret, bob",
                   schedule: 1h}
                """);

        String sharedState = CONFIG.replace("schedule", "msinfo state/{account}.db\n    schedule");
        MailsyncConfig csv = parse(sharedState);
        MailsyncConfig yaml = parse(sharedState.replace("accounts.csv", "accounts.yaml"));

        assertThat(YamlConfigTest.withoutLocations(yaml)).isEqualTo(YamlConfigTest.withoutLocations(csv));
        assertThat(yaml.channel("bob").orElseThrow().location()).isEqualTo(new ConfigLocation(home.resolve("accounts.yaml"), 3));
        assertThat(yaml.channel("bob").orElseThrow().msinfoPath(home)).isEqualTo(home.resolve("state/bob.db"));
        assertThat(parse(CONFIG.replace("accounts.csv", "accounts.yaml")).channel("bob").orElseThrow().msinfoPath(home))
                .isEqualTo(home.resolve("accounts.yaml.d/bob.msinfo"));
    }

    @Test
    void yamlConfigsAccountsSectionIsTheAccountsBlock() throws Exception {
        write("accounts.csv", CSV);

        MailsyncConfig yaml = parseYaml("""
                accounts:
                  accounts.csv:
                    target: maildir:/srv/mail/{account}
                    passcmd: pass show imap/{account}
                    schedule: 15m
                    parallel: 2
                    maxdelete: 30/10
                    maxconnections: 2
                    trash: "off"
                """);

        assertThat(YamlConfigTest.withoutLocations(yaml)).isEqualTo(YamlConfigTest.withoutLocations(parse(CONFIG)));
        assertThat(yaml.channel("alice").orElseThrow().schedule()).isEqualTo("15m");
    }

    @Test
    void theBlockIsOptionalWhenTheTableHasEveryColumn() throws Exception {
        write("t.csv", "ACCOUNT , Source , Target\nalice,maildir:a/{account},mh:~/b/alice\n");

        MailsyncConfig config = parse("accounts t.csv\nstore other { pat INBOX }\n");

        assertThat(config.store("alice:source").orElseThrow().path()).isEqualTo(home.resolve("a/alice"));
        assertThat(config.store("alice:target").orElseThrow().path()).isEqualTo(home.resolve("b/alice"));
        assertThat(config.store("alice:target").orElseThrow().format()).isEqualTo("mh");
        assertThat(config.stores()).containsKey("other");
    }

    @Test
    void msinfoPatternPlacesEachChannelsStateAndHandWrittenChannelsStay() throws Exception {
        write("t.csv", "account,source\nalice,maildir:/m/alice\nbob,mbox:/m/bob\n");

        MailsyncConfig config = parse("""
                store laptop { pat Mail/* }
                store work { server {imap.example.org/ssl/user=w} pat INBOX* }
                channel office laptop work { msinfo .office.db }
                accounts t.csv {
                    target  maildir:/backup/{account}
                    msinfo  state/{account}.db
                    identity md5
                    flags   off
                }
                """);

        assertThat(config.channels()).containsOnlyKeys("office", "alice", "bob");
        assertThat(config.channel("alice").orElseThrow().msinfoPath(home)).isEqualTo(home.resolve("state/alice.db"));
        assertThat(config.channel("bob").orElseThrow().msinfoPath(home)).isEqualTo(home.resolve("state/bob.db"));
        assertThat(config.channel("bob").orElseThrow().identity()).isEqualTo("md5");
        assertThat(config.channel("bob").orElseThrow().syncFlags()).isFalse();
        assertThat(config.store("bob:source").orElseThrow().format()).isEqualTo("mbox");
        assertThat(config.resolve("alice")).isInstanceOf(ChannelConfig.class);
        assertThat(config.resolve("alice:target")).isInstanceOf(StoreConfig.class);
    }

    @Test
    void csvQuotingFollowsRfc4180() throws Exception {
        write("t.csv", "\uFEFFaccount,source,target,passcmd\r\n"
                + "# a comment line\r\n"
                + "\r\n"
                + "alice, maildir:/a , \"maildir:/b\" ,\"printf '%s\\n' \"\"x,y\"\"\"\r\n"
                + "bob,maildir:/a2,maildir:/b2,\"two\nlines\"\r\n"
                + "carol,maildir:/a3,maildir:/b3,");

        MailsyncConfig config = parse("accounts t.csv { }");

        assertThat(config.channels()).containsOnlyKeys("alice", "bob", "carol");
        assertThat(config.store("alice:source").orElseThrow().path()).isEqualTo(Path.of("/a"));
        assertThat(config.store("alice:target").orElseThrow().path()).isEqualTo(Path.of("/b"));
        assertThat(config.channel("bob").orElseThrow().location().line()).isEqualTo(5);
        assertThat(config.channel("carol").orElseThrow().location().line()).as("a quoted line break counts").isEqualTo(7);
    }

    @Test
    void passcmdGoesToEveryImapSideAndXoauth2IsTheSpecsAuth() throws Exception {
        write("t.yml", """
                - account: alice@example.org
                  source: imaps://alice@example.org@imap.gmail.com/xoauth2
                  target: imaps://alice@new.example.org
                  passcmd: oama access {account}
                """);

        MailsyncConfig config = parse("accounts t.yml { throttle 500k }");

        StoreConfig source = config.store("alice@example.org:source").orElseThrow();
        assertThat(source.server()).isEqualTo("{imap.gmail.com/user=alice@example.org/ssl}");
        assertThat(source.oauth2()).isTrue();
        assertThat(source.passcmd()).isEqualTo("oama access alice@example.org");
        StoreConfig target = config.store("alice@example.org:target").orElseThrow();
        assertThat(target.oauth2()).isFalse();
        assertThat(target.passcmd()).isEqualTo("oama access alice@example.org");
        assertThat(target.throttle()).isEqualTo(500L * 1024);
    }

    @Test
    void storeSpecsMeanWhatMigrateTakesThemFor() throws Exception {
        Files.createDirectories(home.resolve("mboxes"));
        Files.writeString(home.resolve("mboxes/inbox"), "");
        List<String> specs = List.of("imap://u@h", "imaps://u@h:993/", "imap://a@b@h/novalidate-cert/xoauth2",
                "maildir:/srv/m", "MH:/srv/h", "mbox:" + home.resolve("mboxes"), "mbox:" + home.resolve("mboxes/inbox"));
        StringBuilder csv = new StringBuilder("account,source,target,passcmd\n");
        for (int i = 0; i < specs.size(); i++) {
            csv.append("a").append(i).append(',').append(specs.get(i)).append(",maildir:/x/{account},token\n");
        }
        write("t.csv", csv.toString());

        MailsyncConfig config = parse("accounts t.csv");

        for (int i = 0; i < specs.size(); i++) {
            StoreConfig inline = InlineStores.parse(specs.get(i), home);
            StoreConfig generated = config.store("a" + i + ":source").orElseThrow();
            assertThat(List.of(generated.server() == null ? "-" : generated.server(), String.valueOf(generated.path()),
                    generated.pattern(), generated.prefix(), String.valueOf(generated.format()), String.valueOf(generated.auth())))
                    .as(specs.get(i))
                    .containsExactly(inline.server() == null ? "-" : inline.server(), String.valueOf(inline.path()),
                            inline.pattern(), inline.prefix(), String.valueOf(inline.format()), String.valueOf(inline.auth()));
        }
    }

    @Test
    void aCachedConfigSeesThatItsTableChanged() throws Exception {
        write("t.csv", "account,source,target\nalice,maildir:/a,maildir:/b\n");
        MailsyncConfig config = parse("accounts t.csv");
        assertThat(config.tablesUnchanged()).isTrue();

        write("t.csv", "account,source,target\nalice,maildir:/a,maildir:/c\n");

        assertThat(config.tablesUnchanged()).isFalse();
    }

    @Test
    void anEmptyTableGivesNoChannels() throws Exception {
        write("t.csv", "account,source,target\n");
        write("t.yaml", "");

        assertThat(parse("accounts t.csv\naccounts t.yaml").channels()).isEmpty();
    }
}
