package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.StoreException;

/**
 * {@code auth xoauth2} against a server without {@code AUTH=XOAUTH2} (the default Dovecot, PLAIN
 * and LOGIN only): the login stops before anything is sent, where Angus alone would fall back to
 * LOGIN with the token as the password; and a token source that fails is reported as a failed
 * login, asked once.
 */
class Xoauth2NeverSendsTheTokenAsAPasswordIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    private ImapServerSpec spec(String user) {
        return ImapServerSpec.parse("{127.0.0.1:" + DOVECOT.port() + "/user=" + user + "/notls/debug}");
    }

    @Test
    void aServerWithoutXoauth2IsRefusedBeforeTheTokenIsSent() {
        // The "token" is the user's password: a LOGIN fallback would succeed, so success would be the leak.
        char[] password = DOVECOT.password().toCharArray();
        List<String> trace = new ArrayList<>();
        try (ImapStore store = new ImapStore(spec(DOVECOT.newUser()), LoginSecret.fixed(password), true, "oauth")) {
            store.protocolSink(trace::add);

            StoreException e = catchThrowableOfType(StoreException.class, store::connect);

            assertThat(e).as(String.join("\n", trace)).isNotNull();
            assertThat(e.getMessage()).contains("does not offer AUTH=XOAUTH2");
        }
        assertThat(String.join("\n", trace)).contains("CAPABILITY").doesNotContain("LOGIN ").doesNotContain("AUTHENTICATE");
    }

    @Test
    void aTokenSourceThatFailsIsAFailedLoginAskedOnce() {
        AtomicInteger asked = new AtomicInteger();
        LoginSecret failing = new LoginSecret() {
            @Override
            public char[] get() throws StoreException {
                asked.incrementAndGet();
                throw new StoreException("store oauth: passcmd failed with exit status 3");
            }

            @Override
            public boolean renewable() {
                return true;
            }
        };
        try (ImapStore store = new ImapStore(spec(DOVECOT.newUser()), failing, true, "oauth")) {
            StoreException e = catchThrowableOfType(StoreException.class, store::connect);

            assertThat(e.getMessage()).startsWith("oauth: login to {127.0.0.1:")
                    .endsWith(" failed: store oauth: passcmd failed with exit status 3");
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void withThePasswordAndNoAuthTheSameServerLogsIn() throws Exception {
        try (ImapStore store = new ImapStore(spec(DOVECOT.newUser()), LoginSecret.fixed(DOVECOT.password().toCharArray()), false,
                "plain")) {
            store.connect();
            assertThat(store.listFolders("*")).isNotEmpty();
        }
    }
}
