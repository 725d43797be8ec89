package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.identity.IdentityMode;

/** What valid configurations parse to: the original's documented examples, our extension keys, quoting. */
class ConfigParserTest {

    static final Path HOME = Path.of("/home/u");

    static MailsyncConfig parseResource(String name) throws IOException, ConfigException {
        try (InputStream in = ConfigParserTest.class.getResourceAsStream("/config/" + name)) {
            assertThat(in).as(name).isNotNull();
            return ConfigParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of(name), HOME);
        }
    }

    static MailsyncConfig parse(String text) throws ConfigException {
        return ConfigParser.parse(text, Path.of("test.mailsync"), HOME);
    }

    @Test
    void readmeExamplesParse() throws Exception {
        MailsyncConfig config = parseResource("readme-examples.mailsync");

        assertThat(config.stores()).containsOnlyKeys("cyrus", "netscape-or-uw", "localdirectory");
        assertThat(config.stores().keySet()).containsExactly("cyrus", "netscape-or-uw", "localdirectory");
        StoreConfig cyrus = config.store("cyrus").orElseThrow();
        assertThat(cyrus.server()).isEqualTo("{imap.unc.edu/user=culver}");
        assertThat(cyrus.ref()).isEqualTo("{imap.unc.edu}");
        assertThat(cyrus.pattern()).isEqualTo("INBOX.sync.%");
        assertThat(cyrus.prefix()).isEqualTo("INBOX.sync.");
        assertThat(cyrus.password()).isEqualTo("secret");
        assertThat(cyrus.isLocal()).isFalse();
        assertThat(cyrus.path()).isNull();
        assertThat(cyrus.location()).isEqualTo(new ConfigLocation(Path.of("readme-examples.mailsync"), 3));

        StoreConfig local = config.store("localdirectory").orElseThrow();
        assertThat(local.isLocal()).isTrue();
        assertThat(local.path()).isEqualTo(HOME);
        assertThat(local.pattern()).isEqualTo("Mail/%");
        assertThat(local.prefix()).isEqualTo("Mail/");
        assertThat(local.password()).isNull();
        assertThat(local.format()).isNull();
        assertThat(local.layout()).isNull();

        assertThat(config.channels().keySet()).containsExactly("local-cyrus", "uw-cyrus");
        ChannelConfig localCyrus = config.channel("local-cyrus").orElseThrow();
        assertThat(localCyrus.storeA()).isEqualTo("localdirectory");
        assertThat(localCyrus.storeB()).isEqualTo("cyrus");
        assertThat(localCyrus.msinfo()).isEqualTo(".msinfo");
        assertThat(localCyrus.msinfoPath(HOME)).isEqualTo(Path.of("/home/u/.msinfo"));
        assertThat(localCyrus.sizeLimit()).isZero();
        assertThat(localCyrus.identity()).isNull();
        assertThat(localCyrus.identityMode()).isNull();

        ChannelConfig uwCyrus = config.channel("uw-cyrus").orElseThrow();
        assertThat(uwCyrus.msinfo()).isEqualTo("{imap.cs.unc.edu/user=culver}msinfo");
        assertThat(uwCyrus.isMsinfoRemote()).isTrue();
        assertThat(uwCyrus.msinfoPath(HOME)).isNull();
        assertThat(uwCyrus.password()).isEqualTo("secret");
        assertThat(uwCyrus.sizeLimit()).isEqualTo(81920);
    }

    @Test
    void debianExampleParses() throws Exception {
        MailsyncConfig config = parseResource("debian-example.mailsync");

        assertThat(config.stores()).hasSize(14);
        assertThat(config.channels().keySet()).containsExactly("inbox-local-cyrus", "dir-local");
        assertThat(config.store("cyrus-store-enable-man-in-the-middle").orElseThrow().server())
                .isEqualTo("{example.org/user=tpo/ssl/novalidate-cert}");
        assertThat(config.store("courier-inbox-2").orElseThrow().pattern()).isEqualTo("*");
        assertThat(config.store("courier-drafts").orElseThrow().pattern()).isEqualTo("INBOX.My Draft Folder");
        assertThat(config.store("mh-over-ssh-inbox").orElseThrow().pattern()).isEqualTo("#mh/inbox");
        StoreConfig hacker = config.store("hacker").orElseThrow();
        assertThat(hacker.pattern()).isEqualTo("#mh/inbox");
        assertThat(hacker.prefix()).isEqualTo("#mh/inbox");
        assertThat(config.store("local-inbox").orElseThrow().isLocal()).isTrue();
        ChannelConfig inbox = config.channel("inbox-local-cyrus").orElseThrow();
        assertThat(inbox.msinfo()).isEqualTo("{example.org/user=tpo}INBOX.mailsync");
        assertThat(inbox.sizeLimit()).isEqualTo(81920);
        assertThat(config.channel("dir-local").orElseThrow().msinfoPath(HOME))
                .isEqualTo(Path.of("/home/u/Mail/synchronization-info"));
    }

    @Test
    void semanticsDocExampleParses() throws Exception {
        // The example at the top of docs/SEMANTICS.md: several keys on one line.
        MailsyncConfig config = parse("""
                # comment
                store local  { pat Mail/%  prefix Mail/ }
                store remote {
                    server {imap.example.org/user=alice/ssl}
                    ref    {imap.example.org}
                    pat    INBOX.%
                    prefix INBOX.
                    passwd secret
                }
                channel laptop local remote { msinfo .msinfo  sizelimit 81920 }
                """);

        assertThat(config.store("local").orElseThrow().prefix()).isEqualTo("Mail/");
        assertThat(config.store("remote").orElseThrow().server()).isEqualTo("{imap.example.org/user=alice/ssl}");
        assertThat(config.channel("laptop").orElseThrow().sizeLimit()).isEqualTo(81920);
    }

    @Test
    void everyExtensionKey() throws Exception {
        MailsyncConfig config = parseResource("extensions.mailsync");

        StoreConfig maildir = config.store("maildir").orElseThrow();
        assertThat(maildir.path()).isEqualTo(Path.of("/home/u/Maildir"));
        assertThat(maildir.format()).isEqualTo("maildir");
        assertThat(maildir.layout()).isEqualTo("maildir++");
        assertThat(maildir.pattern()).as("pat defaults to * when path is given").isEqualTo("*");
        assertThat(maildir.prefix()).isEmpty();
        assertThat(maildir.location().line()).isEqualTo(2);

        StoreConfig archive = config.store("archive").orElseThrow();
        assertThat(archive.path()).isEqualTo(Path.of("/srv/mail/alice"));
        assertThat(archive.format()).isEqualTo("mbox");
        assertThat(archive.layout()).isEqualTo("nested");
        assertThat(archive.pattern()).isEqualTo("lists/%");

        StoreConfig mh = config.store("mh").orElseThrow();
        assertThat(mh.path()).as("relative to $HOME").isEqualTo(Path.of("/home/u/Mail"));
        assertThat(mh.format()).as("lower-cased").isEqualTo("mh");

        StoreConfig remote = config.store("remote").orElseThrow();
        assertThat(remote.server()).isEqualTo("{imap.example.org:993/user=alice/ssl}");
        assertThat(remote.passcmd()).isEqualTo("pass show mail/alice | head -n 1");
        assertThat(remote.password()).isNull();

        ChannelConfig laptop = config.channel("laptop").orElseThrow();
        assertThat(laptop.storeA()).isEqualTo("maildir");
        assertThat(laptop.storeB()).isEqualTo("remote");
        assertThat(laptop.msinfoPath(HOME)).isEqualTo(Path.of("/home/u/.mailsync-state/laptop"));
        assertThat(laptop.identity()).isEqualTo("auto");
        assertThat(laptop.identityMode()).isEqualTo(IdentityMode.AUTO);
        assertThat(laptop.location().line()).isEqualTo(23);

        ChannelConfig old = config.channel("old").orElseThrow();
        assertThat(old.msinfo()).isEqualTo("{imap.example.org/user=alice/ssl}INBOX.msinfo");
        assertThat(old.password()).isEqualTo("s3cr3t pw");
        assertThat(old.identityMode()).isEqualTo(IdentityMode.MD5);

        ChannelConfig mhSync = config.channel("mh-sync").orElseThrow();
        assertThat(mhSync.identity()).isEqualTo("msgid");
        assertThat(mhSync.sizeLimit()).isEqualTo(1048576);
    }

    @Test
    void quotingEscapesAndComments() throws Exception {
        MailsyncConfig config = parseResource("quoting.mailsync");

        assertThat(config.stores().keySet()).containsExactly("spaced", "glued", "hash");
        StoreConfig spaced = config.store("spaced").orElseThrow();
        assertThat(spaced.server()).isEqualTo("{imap.example.org/user=John Smith/ssl}");
        assertThat(spaced.pattern()).isEqualTo("INBOX.My Drafts");
        assertThat(spaced.prefix()).isEmpty();
        assertThat(spaced.password()).isEqualTo("pa ss\\wo\"rd#1");

        StoreConfig glued = config.store("glued").orElseThrow();
        assertThat(glued.pattern()).isEqualTo("Mail/Old Stuff/%");
        assertThat(glued.prefix()).isEqualTo("Mail/Old Stuff/");
        assertThat(glued.password()).isEqualTo("quote \" and backslash \\ inside");

        StoreConfig hash = config.store("hash").orElseThrow();
        assertThat(hash.pattern()).as("# inside a token is text").isEqualTo("a#b");
        assertThat(hash.prefix()).isEqualTo("#c");
        assertThat(hash.password()).isEqualTo("#not-a-comment");

        assertThat(config.channel("c1").orElseThrow().msinfoPath(HOME)).isEqualTo(Path.of("/home/u/Mail/sync info"));
    }

    @Test
    void quotedKeywordIsAValue() throws Exception {
        StoreConfig s = parse("store s { pat \"pat\" prefix \\prefix }").store("s").orElseThrow();

        assertThat(s.pattern()).isEqualTo("pat");
        assertThat(s.prefix()).isEqualTo("prefix");
    }

    @Test
    void namespaceNamesInValuePosition() throws Exception {
        MailsyncConfig config = parse("""
                store a { pat #news.comp.% prefix #news. }
                store b { pat #mhinbox }
                store c { pat #shared/% # a real comment
                }
                """);

        assertThat(config.store("a").orElseThrow().pattern()).isEqualTo("#news.comp.%");
        assertThat(config.store("a").orElseThrow().prefix()).isEqualTo("#news.");
        assertThat(config.store("b").orElseThrow().pattern()).isEqualTo("#mhinbox");
        assertThat(config.store("c").orElseThrow().pattern()).isEqualTo("#shared/%");
    }

    @Test
    void commentBetweenKeyAndValueIsSkipped() throws Exception {
        StoreConfig s = parse("store s { pat # which folders\n INBOX }").store("s").orElseThrow();

        assertThat(s.pattern()).isEqualTo("INBOX");
    }

    @Test
    void pathForms() throws Exception {
        MailsyncConfig config = parse("""
                store tilde { path ~ }
                store tildeSlash { path ~/Mail/../Maildir }
                store absolute { path /var/mail/u pat INBOX }
                """);

        assertThat(config.store("tilde").orElseThrow().path()).isEqualTo(HOME);
        assertThat(config.store("tildeSlash").orElseThrow().path()).isEqualTo(Path.of("/home/u/Maildir"));
        assertThat(config.store("absolute").orElseThrow().path()).isEqualTo(Path.of("/var/mail/u"));
        assertThat(config.channels()).isEmpty();
    }

    @Test
    void msinfoAbsoluteAndTilde() throws Exception {
        MailsyncConfig config = parse("""
                store a { pat A }
                store b { pat B }
                channel abs a b { msinfo /var/lib/mailsync/msinfo }
                channel home b a { msinfo ~/.msinfo }
                """);

        assertThat(config.channel("abs").orElseThrow().msinfoPath(HOME)).isEqualTo(Path.of("/var/lib/mailsync/msinfo"));
        assertThat(config.channel("home").orElseThrow().msinfoPath(HOME)).isEqualTo(Path.of("/home/u/.msinfo"));
    }

    @Test
    void channelMayNameStoresDefinedLater() throws Exception {
        MailsyncConfig config = parse("channel c a b { msinfo m }\nstore a { pat A }\nstore b { pat B }\n");

        assertThat(config.channel("c").orElseThrow().storeB()).isEqualTo("b");
    }

    @Test
    void emptyFileIsAnEmptyConfig() throws Exception {
        MailsyncConfig config = parse("# nothing here\n\n");

        assertThat(config.stores()).isEmpty();
        assertThat(config.channels()).isEmpty();
        assertThat(config.source()).isEqualTo(Path.of("test.mailsync"));
    }

    @Test
    void resolveFindsStoresAndChannels() throws Exception {
        MailsyncConfig config = parseResource("readme-examples.mailsync");

        assertThat(config.resolve("cyrus")).isInstanceOf(StoreConfig.class);
        assertThat(config.resolve("uw-cyrus")).isInstanceOf(ChannelConfig.class);
        assertThat(config.store("uw-cyrus")).isEmpty();
        assertThat(config.channel("cyrus")).isEmpty();
        assertThatThrownBy(() -> config.resolve("x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("readme-examples.mailsync: A channel or store named \"x\" has not been configured")
                .extracting(e -> ((ConfigException) e).detail())
                .isEqualTo("A channel or store named \"x\" has not been configured");
    }

    @Test
    void mapsAreUnmodifiable() throws Exception {
        MailsyncConfig config = parseResource("readme-examples.mailsync");

        assertThatThrownBy(() -> config.stores().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.channels().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void parsesFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".mailsync");
        Files.writeString(file, "store s {\n pat INBOX\n}\n");

        MailsyncConfig config = ConfigParser.parse(file, HOME);

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.store("s").orElseThrow().location()).isEqualTo(new ConfigLocation(file, 1));
        assertThat(config.store("s").orElseThrow().location()).hasToString(file + ":1");
    }

    @Test
    void latin1FileIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".mailsync");
        Files.write(file, "store s { pat INBOX passwd gr\u00fcn }".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(ConfigParser.parse(file, HOME).store("s").orElseThrow().password()).isEqualTo("gr\u00fcn");
    }

    @Test
    void shippedExampleParses() throws Exception {
        // config/mailsync.example at the project root; Maven runs tests from there.
        MailsyncConfig config = ConfigParser.parse(Path.of("config/mailsync.example"), HOME);
        assertThat(config.channel("laptop").orElseThrow().schedule()).isEqualTo("15m");

        assertThat(config.stores().keySet()).containsExactly("local", "remote");
        StoreConfig local = config.store("local").orElseThrow();
        assertThat(local.isLocal()).isTrue();
        assertThat(local.path()).isEqualTo(Path.of("/home/u/Maildir"));
        assertThat(local.format()).isEqualTo("maildir");
        assertThat(local.layout()).isEqualTo("maildir++");
        StoreConfig remote = config.store("remote").orElseThrow();
        assertThat(remote.isLocal()).isFalse();
        assertThat(remote.server()).startsWith("{").endsWith("}");
        assertThat(remote.passcmd()).isNotBlank();
        ChannelConfig channel = config.channels().values().iterator().next();
        assertThat(channel.storeA()).isEqualTo("local");
        assertThat(channel.storeB()).isEqualTo("remote");
        assertThat(channel.identityMode()).isNotNull();
        assertThat(channel.sizeLimit()).isPositive();
    }
}
