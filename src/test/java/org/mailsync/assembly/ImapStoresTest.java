package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigLocation;
import org.mailsync.config.StoreConfig;
import org.mailsync.store.imap.ImapServerSpec;

/** Password order, passcmd failures, spec errors and ref + pat, without a server. */
class ImapStoresTest {

    private static final ConfigLocation AT = new ConfigLocation(Path.of("/home/u/.mailsync"), 3);
    private static final ImapServerSpec SPEC = ImapServerSpec.parse("{imap.example.org/user=alice}");
    private static final ImapStores.PasswordPrompt NO_TERMINAL = prompt -> null;

    private static StoreConfig store(String server, String ref, String pat, String passwd, String passcmd) {
        return new StoreConfig("remote", server, ref, pat, "", passwd, passcmd, null, null, null, AT);
    }

    private static StoreConfig withPasswd(String passwd, String passcmd) {
        return store("{imap.example.org/user=alice}", null, "%", passwd, passcmd);
    }

    @Test
    void passwdComesFirstAndNothingIsAsked() throws Exception {
        List<String> asked = new ArrayList<>();
        char[] p = ImapStores.password(withPasswd("secret", null), SPEC, prompt -> {
            asked.add(prompt);
            return "typed".toCharArray();
        });
        assertThat(new String(p)).isEqualTo("secret");
        assertThat(asked).isEmpty();
    }

    @Test
    void passcmdGivesTheFirstLineOfItsOutput() throws Exception {
        char[] p = ImapStores.password(withPasswd(null, "printf 'from cmd\\nsecond line\\n'"), SPEC, NO_TERMINAL);
        assertThat(new String(p)).isEqualTo("from cmd");
    }

    @Test
    void failingPasscmdNamesTheStoreButNotTheOutput() {
        assertThatThrownBy(() -> ImapStores.password(withPasswd(null, "echo leaked-secret; exit 3"), SPEC, NO_TERMINAL))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store remote: passcmd failed with exit status 3")
                .hasMessageStartingWith("/home/u/.mailsync:3")
                .hasMessageNotContaining("leaked-secret");
    }

    @Test
    void silentPasscmdIsAnError() {
        assertThatThrownBy(() -> ImapStores.password(withPasswd(null, "true"), SPEC, NO_TERMINAL))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store remote: passcmd printed no password");
    }

    @Test
    void withoutPasswdOrPasscmdTheTerminalIsAsked() throws Exception {
        List<String> asked = new ArrayList<>();
        char[] p = ImapStores.password(withPasswd(null, null), SPEC, prompt -> {
            asked.add(prompt);
            return "typed".toCharArray();
        });
        assertThat(new String(p)).isEqualTo("typed");
        assertThat(asked).containsExactly("Password for alice@imap.example.org: ");
    }

    @Test
    void withoutAnyPasswordAndNoTerminalTheErrorSaysWhatToAdd() {
        assertThatThrownBy(() -> ImapStores.password(withPasswd(null, null), SPEC, NO_TERMINAL))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no password for store remote")
                .hasMessageContaining("add passwd or passcmd");
    }

    @Test
    void badServerFlagIsAConfigErrorAtTheStore() {
        StoreConfig bad = store("{imap.example.org/user=alice/sll}", null, "%", "secret", null);
        assertThatThrownBy(() -> ImapStores.open(bad, new PrintStream(new ByteArrayOutputStream()), false, NO_TERMINAL))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/home/u/.mailsync:3: store remote: bad server")
                .hasMessageContaining("/sll");
    }

    @Test
    void refMailboxPartGoesBeforeThePattern() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThat(ImapStores.listPattern(store("{h/user=a}", "{h}", "INBOX.%", "p", null), quiet)).isEqualTo("INBOX.%");
        assertThat(ImapStores.listPattern(store("{h/user=a}", "{h:993/ssl}INBOX.", "%", "p", null), quiet)).isEqualTo("INBOX.%");
        assertThat(ImapStores.listPattern(store("{h/user=a}", null, "*", "p", null), quiet)).isEqualTo("*");
    }

    @Test
    void refOnAnotherHostIsReportedAndItsHostIgnored() throws Exception {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        String pattern = ImapStores.listPattern(store("{h/user=a}", "{other}", "%", "p", null),
                new PrintStream(notes, true, StandardCharsets.UTF_8));
        assertThat(pattern).isEqualTo("%");
        assertThat(notes.toString(StandardCharsets.UTF_8)).contains("Warning: store remote: ref {other} names host other");
    }

    @Test
    void badRefIsAConfigError() {
        assertThatThrownBy(() -> ImapStores.listPattern(store("{h/user=a}", "INBOX.", "%", "p", null),
                new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("store remote: bad ref");
    }
}
