package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a configuration can be wrong is reported with file, line and the offending token. */
class ConfigErrorsTest {

    static final Path FILE = Path.of("/home/u/.mailsync");
    static final Path HOME = Path.of("/home/u");

    /** Parses the text, expecting a failure at the line; returns the message for further checks. */
    static String errorAt(int line, String text) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(text, FILE, HOME));
        assertThat(e).as("expected a ConfigException for:%n%s", text).isNotNull();
        assertThat(e.location()).isEqualTo(new ConfigLocation(FILE, line));
        assertThat(e.getMessage()).startsWith("/home/u/.mailsync:" + line + ": ").endsWith(e.detail());
        return e.detail();
    }

    @Test
    void unknownStoreKey() {
        String detail = errorAt(3, "store local {\n  pat Mail/%\n  prefx Mail/\n}\n");

        assertThat(detail).startsWith("unknown key \"prefx\" in store \"local\"").contains("prefix");
    }

    @Test
    void unknownChannelKey() {
        assertThat(errorAt(3, "channel c a b {\n msinfo m\n maxsize 10 }\n"))
                .startsWith("unknown key \"maxsize\" in channel \"c\"");
    }

    @Test
    void aScheduleIsADurationOrACronExpression() {
        assertThat(errorAt(4, "store a { pat A }\nstore b { pat B }\nchannel c a b { msinfo m\n schedule often }\n"))
                .startsWith("schedule \"often\" in channel \"c\" is neither a duration");
    }

    @Test
    void keysAreCaseSensitiveAsInTheOriginal() {
        assertThat(errorAt(1, "store s { Pat INBOX }")).startsWith("unknown key \"Pat\"");
    }

    @Test
    void quotedKeyIsNotAKey() {
        assertThat(errorAt(1, "store s { \"pat\" INBOX }")).startsWith("unknown key \"pat\"");
    }

    @Test
    void missingValueBeforeClosingBrace() {
        assertThat(errorAt(2, "store s { pat INBOX\n prefix }"))
                .contains("missing value for \"prefix\" in store \"s\"", "\"}\"", "prefix \"\"");
    }

    @Test
    void missingValueSwallowingNextKey() {
        // The original would have taken "passwd" as the prefix.
        assertThat(errorAt(3, "store s {\n prefix\n passwd secret\n pat INBOX }"))
                .contains("missing value for \"prefix\"", "found key \"passwd\"");
    }

    @Test
    void missingValueAtEndOfFile() {
        assertThat(errorAt(2, "store s { pat INBOX\n prefix")).contains("missing value for \"prefix\"", "end of file");
    }

    @Test
    void unclosedBlockAtEndOfFile() {
        assertThat(errorAt(4, "store s {\n pat INBOX\n prefix INBOX.\n"))
                .contains("store \"s\" opened at line 1 is not closed", "\"}\" missing", "end of file");
    }

    @Test
    void unclosedBlockFollowedByAnother() {
        assertThat(errorAt(3, "store s {\n pat INBOX\nstore t { pat X }"))
                .contains("\"store\" inside store \"s\" opened at line 1", "\"}\" missing");
    }

    @Test
    void unterminatedQuote() {
        assertThat(errorAt(2, "store s {\n pat \"INBOX.My Drafts\n}\n")).contains("unterminated quote", "INBOX.My Drafts");
    }

    @Test
    void backslashAtEndOfLine() {
        assertThat(errorAt(2, "store s {\n pat INBOX.My\\\n Drafts }")).contains("backslash at end of line", "INBOX.My");
    }

    @Test
    void backslashAtEndOfFile() {
        assertThat(errorAt(1, "store s { pat INBOX\\")).contains("backslash", "INBOX");
    }

    @Test
    void unterminatedServerSpec() {
        assertThat(errorAt(2, "store s {\n server {imap.example.org/ssl\n pat INBOX }"))
                .contains("unterminated server spec \"{imap.example.org/ssl\"");
    }

    @Test
    void valueGluedToClosingBrace() {
        assertThat(errorAt(1, "store s { pat INBOX}")).contains("\"INBOX}\"", "put a space before \"}\"");
    }

    @Test
    void nameGluedToOpeningBrace() {
        assertThat(errorAt(2, "\nstore s{ pat INBOX }")).contains("store name \"s{\"", "put a space before \"{\"");
    }

    @Test
    void openingBraceMissing() {
        assertThat(errorAt(2, "store s\n pat INBOX }")).contains("expected \"{\" after store \"s\", found \"pat\"");
    }

    @Test
    void openingBraceMissingAtEndOfFile() {
        assertThat(errorAt(1, "channel c a b")).contains("expected \"{\" after channel \"c\"", "end of file");
    }

    @Test
    void storeNameMissing() {
        assertThat(errorAt(1, "store { pat INBOX }")).contains("store name missing before \"{\"");
        assertThat(errorAt(3, "\n\nstore")).contains("store name missing after \"store\"", "end of file");
    }

    @Test
    void channelStoreNameMissing() {
        assertThat(errorAt(1, "channel c a { msinfo m }")).contains("store name missing before \"{\"");
    }

    @Test
    void topLevelGarbage() {
        assertThat(errorAt(2, "# typo\nstor s { pat INBOX }")).contains("expected \"store\" or \"channel\", found \"stor\"");
    }

    @Test
    void strayBraceAsKey() {
        assertThat(errorAt(1, "store s { { pat INBOX }")).contains("unknown key \"{\"");
    }

    @Test
    void duplicateStoreName() {
        // As in the Debian example, which defines "courier-inbox" twice.
        String text = """
                store courier-inbox {
                	server	{example.org/user=tpo/imap/norsh}
                	pat	INBOX
                }
                store courier-inbox {
                	server	{example.org}
                	pat	INBOX.My\\ Draft\\ Folder
                }
                """;
        assertThat(errorAt(5, text)).contains("name \"courier-inbox\" used twice", "already a store at line 1");
    }

    @Test
    void storeAndChannelShareANamespace() {
        assertThat(errorAt(3, "store a { pat A }\nstore b { pat B }\nchannel a a b { msinfo m }"))
                .contains("name \"a\" used twice", "already a store at line 1");
    }

    @Test
    void duplicateChannelName() {
        assertThat(errorAt(4, "store a { pat A }\nstore b { pat B }\nchannel c a b { msinfo m }\nchannel c b a { msinfo n }"))
                .contains("name \"c\" used twice", "already a channel at line 3");
    }

    @Test
    void channelNamesUndefinedStore() {
        // The Debian example's last channel names stores "mail" and "local" that it never defines.
        assertThat(errorAt(3, "store local { pat INBOX }\n\nchannel dir-local mail local {\n msinfo Mail/x\n}"))
                .isEqualTo("channel \"dir-local\" names store \"mail\", which is not configured");
    }

    @Test
    void channelNamesAChannelAsStore() {
        assertThat(errorAt(5, "store a { pat A }\nstore b { pat B }\nchannel c a b { msinfo m }\nchannel d a\n c { msinfo n }"))
                .contains("names store \"c\", which is a channel, not a store");
    }

    @Test
    void channelNamesOneStoreTwice() {
        assertThat(errorAt(2, "store a { pat A }\nchannel c a a { msinfo m }")).contains("names store \"a\" twice");
    }

    @Test
    void invalidFormat() {
        assertThat(errorAt(2, "store s {\n path Mail format maildirs }"))
                .contains("invalid format \"maildirs\" in store \"s\"", "maildir, mbox, mh");
    }

    @Test
    void invalidLayout() {
        assertThat(errorAt(1, "store s { path Mail layout flat }"))
                .contains("invalid layout \"flat\" in store \"s\"", "nested, maildir++");
    }

    @Test
    void maildirPlusPlusNeedsMaildir() {
        assertThat(errorAt(2, "store s { path Mail format mbox\n layout maildir++ }"))
                .contains("layout \"maildir++\" needs format \"maildir\"", "\"mbox\"");
    }

    @Test
    void invalidIdentity() {
        assertThat(errorAt(4, "store a { pat A }\nstore b { pat B }\nchannel c a b { msinfo m\n identity sha1 }"))
                .contains("invalid identity \"sha1\" in channel \"c\"", "msgid, md5, auto");
    }

    @Test
    void sizelimitNotANumber() {
        assertThat(errorAt(2, "channel c a b { msinfo m\n sizelimit 80k }"))
                .contains("sizelimit \"80k\" in channel \"c\" is not a number of bytes");
    }

    @Test
    void sizelimitNegative() {
        assertThat(errorAt(1, "channel c a b { msinfo m sizelimit -1 }")).contains("sizelimit \"-1\"");
    }

    @Test
    void sizelimitTooLarge() {
        assertThat(errorAt(1, "channel c a b { msinfo m sizelimit 99999999999999999999 }")).contains("sizelimit");
    }

    @Test
    void storeWithoutPatOrPath() {
        assertThat(errorAt(2, "\nstore s { prefix Mail/ }")).contains("store \"s\" has no \"pat\"");
        assertThat(errorAt(1, "store r { server {imap.example.org} }")).contains("store \"r\" has no \"pat\"");
    }

    @Test
    void localKeysOnRemoteStore() {
        assertThat(errorAt(3, "store r {\n server {imap.example.org}\n path Mail pat INBOX }"))
                .contains("key \"path\" is for local stores only", "store \"r\" has a server");
        assertThat(errorAt(1, "store r { format mbox server {imap.example.org} pat INBOX }"))
                .contains("key \"format\" is for local stores only");
        assertThat(errorAt(1, "store r { server {imap.example.org} pat INBOX layout nested }"))
                .contains("key \"layout\" is for local stores only");
    }

    @Test
    void passwdAndPasscmd() {
        assertThat(errorAt(2, "store s { pat INBOX passwd x\n passcmd \"pass mail\" }"))
                .contains("store \"s\" has both \"passwd\" and \"passcmd\"");
    }

    @Test
    void keyGivenTwice() {
        assertThat(errorAt(3, "store s {\n pat INBOX\n pat Mail/% }")).contains("key \"pat\" given twice in store \"s\" (first at line 2)");
    }

    @Test
    void channelWithoutMsinfo() {
        assertThat(errorAt(2, "store a { pat A }\nchannel c a b { sizelimit 10 }"))
                .contains("channel \"c\" has no \"msinfo\"");
    }

    @Test
    void emptyValue() {
        assertThat(errorAt(1, "store s { pat \"\" }")).contains("empty value for \"pat\" in store \"s\"");
    }

    @Test
    void emptyName() {
        assertThat(errorAt(1, "store \"\" { pat A }")).contains("empty store name");
    }

    @Test
    void otherUsersHome() {
        assertThat(errorAt(1, "store s { path ~alice/Mail }")).contains("\"~alice/Mail\"", "not supported");
    }

    @Test
    void unreadableFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse(missing, HOME));

        assertThat(e.location()).isEqualTo(new ConfigLocation(missing, 0));
        assertThat(e.getMessage()).startsWith(missing + ": Can't open config file " + missing);
    }
}
