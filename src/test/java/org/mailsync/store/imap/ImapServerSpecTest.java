package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImapServerSpecTest {

    @Test
    void plainHostGetsTheImapPortAndOpportunisticTls() {
        ImapServerSpec s = ImapServerSpec.parse("{imap.example.org}");
        assertThat(s.host()).isEqualTo("imap.example.org");
        assertThat(s.port()).isEqualTo(143);
        assertThat(s.ssl()).isFalse();
        assertThat(s.tls()).isEqualTo(ImapServerSpec.TlsMode.OPPORTUNISTIC);
        assertThat(s.validateCert()).isTrue();
        assertThat(s.user()).isNull();
        assertThat(s.authUser()).isNull();
        assertThat(s.mailbox()).isEmpty();
    }

    @Test
    void sslDefaultsTo993() {
        ImapServerSpec s = ImapServerSpec.parse("{imap.example.org/user=alice/ssl}");
        assertThat(s.port()).isEqualTo(993);
        assertThat(s.ssl()).isTrue();
        assertThat(s.user()).isEqualTo("alice");
    }

    @Test
    void explicitPortWinsAndMailboxFollows() {
        ImapServerSpec s = ImapServerSpec.parse("{mail.example.org:1143/imap4rev1/tls/novalidate-cert/user=Bob}INBOX.");
        assertThat(s.port()).isEqualTo(1143);
        assertThat(s.tls()).isEqualTo(ImapServerSpec.TlsMode.REQUIRED);
        assertThat(s.validateCert()).isFalse();
        assertThat(s.user()).isEqualTo("Bob");
        assertThat(s.mailbox()).isEqualTo("INBOX.");
    }

    @Test
    void everyKnownFlagIsAccepted() {
        ImapServerSpec s = ImapServerSpec.parse(
                "{h/imap/imap4/imap4rev1/notls/validate-cert/user=u/authuser=admin/secure/norsh/service=imap/debug}box");
        assertThat(s.tls()).isEqualTo(ImapServerSpec.TlsMode.NEVER);
        assertThat(s.authUser()).isEqualTo("admin");
        assertThat(s.secure()).isTrue();
        assertThat(s.debug()).isTrue();
        assertThat(s.mailbox()).isEqualTo("box");
    }

    @Test
    void flagNamesAreCaseInsensitiveValuesAreNot() {
        ImapServerSpec s = ImapServerSpec.parse("{h/SSL/User=MixedCase/NoValidate-Cert}");
        assertThat(s.ssl()).isTrue();
        assertThat(s.validateCert()).isFalse();
        assertThat(s.user()).isEqualTo("MixedCase");
    }

    @Test
    void quotedUserMayHoldSlashesAndBraces() {
        ImapServerSpec s = ImapServerSpec.parse("{h/user=\"dom/ali}ce\\\"x\"}INBOX");
        assertThat(s.user()).isEqualTo("dom/ali}ce\"x");
        assertThat(s.mailbox()).isEqualTo("INBOX");
        assertThat(ImapServerSpec.parse(s.toString()).user()).isEqualTo("dom/ali}ce\"x");
    }

    @Test
    void ipv6LiteralWithPort() {
        ImapServerSpec s = ImapServerSpec.parse("{[::1]:10143/notls}");
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(10143);
        assertThat(s.server()).startsWith("{[::1]:10143/");
    }

    @Test
    void unknownFlagIsNamed() {
        assertThatThrownBy(() -> ImapServerSpec.parse("{h/user=a/sll}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/sll");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h", "{h", "{}", "{:143}", "{h:x}", "{h:0}", "{h:70000}", "{h/tls/notls}", "{h/ssl/tls}",
            "{h/user}", "{h/user=}", "{h/ssl=yes}", "{h//ssl}", "{h/service=pop3}", "{h/pop3}", "{h/nntp}"})
    void malformedSpecsAreRejected(String spec) {
        assertThatThrownBy(() -> ImapServerSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonicalFormRoundTrips() {
        ImapServerSpec s = ImapServerSpec.parse("{h:2000/tls/user=a/novalidate-cert}Mail/");
        ImapServerSpec again = ImapServerSpec.parse(s.toString());
        assertThat(again.toString()).isEqualTo(s.toString());
        assertThat(again.mailbox()).isEqualTo("Mail/");
        assertThat(again.tls()).isEqualTo(ImapServerSpec.TlsMode.REQUIRED);
    }
}
