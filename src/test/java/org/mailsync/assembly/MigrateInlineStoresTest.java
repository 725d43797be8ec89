package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.config.ConfigException;
import org.mailsync.config.StoreConfig;

/** The stores {@code mailsync migrate} takes written inline: what each spec becomes, and what is refused. */
class MigrateInlineStoresTest {

    @TempDir
    Path home;

    @Test
    void localSpecsAreStoresOfThatFormatRootedAtThePath() throws Exception {
        StoreConfig maildir = InlineStores.parse("maildir:~/Maildir", home);
        assertThat(maildir.name()).isEqualTo("maildir:~/Maildir");
        assertThat(maildir.isLocal()).isTrue();
        assertThat(maildir.path()).isEqualTo(home.resolve("Maildir"));
        assertThat(maildir.format()).isEqualTo("maildir");
        assertThat(maildir.pattern()).isEqualTo("*");
        assertThat(maildir.prefix()).isEmpty();
        assertThat(InlineStores.parse("mh:/var/mail/mh", home).format()).isEqualTo("mh");
        assertThat(InlineStores.parse("mbox:" + home.resolve("Mail"), home).path()).isEqualTo(home.resolve("Mail"));
    }

    @Test
    void anMboxFileIsThatOneFolder() throws Exception {
        Path file = Files.writeString(home.resolve("saved"), "");
        StoreConfig mbox = InlineStores.parse("mbox:" + file, home);
        assertThat(mbox.path()).isEqualTo(home);
        assertThat(mbox.pattern()).isEqualTo("saved");
    }

    @Test
    void imapSpecsBecomeServerSpecs() throws Exception {
        assertThat(InlineStores.parse("imap://alice@mail.example.org/", home).server())
                .isEqualTo("{mail.example.org/user=alice}");
        assertThat(InlineStores.parse("imap://alice@127.0.0.1:1143/notls", home).server())
                .isEqualTo("{127.0.0.1:1143/user=alice/notls}");
        assertThat(InlineStores.parse("imaps://bob@example.org:993", home).server()).isEqualTo("{example.org:993/user=bob/ssl}");
        assertThat(InlineStores.parse("imap://a@b.org/", home).pattern()).isEqualTo("*");
        StoreConfig withCommand = InlineStores.withPasscmd(InlineStores.parse("imap://a@b.org/", home), "pass show b");
        assertThat(withCommand.passcmd()).isEqualTo("pass show b");
        assertThat(withCommand.password()).isNull();
    }

    @Test
    void anXoauth2FlagIsTheStoresAuthNotAServerFlagAndAPasswordCommandKeepsIt() throws Exception {
        StoreConfig gmail = InlineStores.parse("imaps://alice@imap.gmail.com/xoauth2", home);

        assertThat(gmail.server()).isEqualTo("{imap.gmail.com/user=alice/ssl}");
        assertThat(gmail.auth()).isEqualTo(StoreConfig.AUTH_XOAUTH2);
        StoreConfig withToken = InlineStores.withPasscmd(gmail, "oama access alice@gmail.com");
        assertThat(withToken.auth()).isEqualTo(StoreConfig.AUTH_XOAUTH2);
        assertThat(withToken.passcmd()).isEqualTo("oama access alice@gmail.com");
        assertThat(InlineStores.parse("imap://bob@host/notls", home).auth()).isNull();
    }

    @Test
    void storeNamesAreNotInlineAndMalformedSpecsAreRefused() {
        assertThat(InlineStores.isInline("laptop")).isFalse();
        assertThat(InlineStores.isInline("Maildir:x")).isTrue();
        assertThatThrownBy(() -> InlineStores.parse("imap://example.org/", home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("imap://USER@HOST");
        assertThatThrownBy(() -> InlineStores.parse("maildir:", home)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("maildir:PATH");
    }

    @Test
    void eachPairOfStoresHasAStateFileOfItsOwn() {
        Path a = MigrateOpener.stateFile(home, "imap://a@b/", "maildir:/x");
        assertThat(a.getParent()).isEqualTo(home.resolve(".mailsync-migrate"));
        assertThat(a.getFileName().toString()).startsWith("imap_a_b_--maildir_x-").endsWith(".db");
        assertThat(MigrateOpener.stateFile(home, "imap://a@b/", "maildir:_x")).isNotEqualTo(a);
    }
}
