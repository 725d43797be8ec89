package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.store.StoreException;

/**
 * An IMAP connection holds a permit of its server's {@link ServerConnectionLimit} exactly while
 * it is open: taken before connecting, given back when it is closed or dropped, and when
 * connecting or logging in fails, so that no path leaks one.
 */
class ImapConnectionPermitTest {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));

    private final ServerConnectionLimit limit = new ServerConnectionLimit(Duration.ofSeconds(20));

    private String key() {
        return ServerConnectionLimit.key("alice", "127.0.0.1", GREENMAIL.getImap().getPort());
    }

    private ImapStore store(int port, String password) {
        ImapStore store = new ImapStore(ImapServerSpec.parse("{127.0.0.1:" + port + "/user=alice/notls}"), password, "remote");
        store.connection().limit(limit);
        return store;
    }

    @Test
    void anOpenConnectionHoldsOnePermitAndGivesItBackWhenClosed() throws Exception {
        ImapStore store = store(GREENMAIL.getImap().getPort(), "secret");

        store.connect();
        store.listFolders("*");
        assertThat(limit.held(key())).isEqualTo(1);
        store.close();

        assertThat(limit.held(key())).isZero();
        assertThat(limit.peak(key())).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionGivesItsPermitBackAndTheReconnectTakesOne() throws Exception {
        ImapStore store = store(GREENMAIL.getImap().getPort(), "secret");
        store.connect();

        store.connection().drop();
        assertThat(limit.held(key())).isZero();
        store.listFolders("*"); // reconnects
        assertThat(limit.held(key())).isEqualTo(1);
        store.close();

        assertThat(limit.held(key())).isZero();
    }

    @Test
    void aRefusedLoginGivesThePermitBack() {
        ImapStore store = store(GREENMAIL.getImap().getPort(), "wrong");

        assertThatThrownBy(store::connect).isInstanceOf(StoreException.class);
        assertThat(limit.held(key())).isZero();
        assertThatThrownBy(store::connect).isInstanceOf(StoreException.class);
        store.close();

        assertThat(limit.held(key())).isZero();
        assertThat(limit.peak(key())).as("taken for each attempt").isEqualTo(1);
    }

    @Test
    void aServerThatCannotBeReachedGivesThePermitBack() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ImapStore store = store(closedPort, "secret");

        assertThatThrownBy(store::connect).isInstanceOf(StoreException.class);
        store.close();

        String key = ServerConnectionLimit.key("alice", "127.0.0.1", closedPort);
        assertThat(limit.held(key)).isZero();
        assertThat(limit.peak(key)).isEqualTo(1);
    }

    @Test
    void aConnectionThatGetsNoPermitInTimeFailsNamingServerAndLimitWithoutConnecting() throws Exception {
        limit.configure(1);
        limit.waitTimeout(Duration.ofMillis(100));
        ImapStore first = store(GREENMAIL.getImap().getPort(), "secret");
        first.connect();
        ImapStore second = store(GREENMAIL.getImap().getPort(), "secret");

        assertThatThrownBy(second::connect).isInstanceOf(StoreException.class)
                .hasMessageContaining("remote: ")
                .hasMessageContaining(key())
                .hasMessageContaining("holds 1 of the 1 that serverconnections allows");
        second.close();
        assertThat(limit.held(key())).isEqualTo(1);
        first.close();

        assertThat(limit.held(key())).isZero();
    }

    @Test
    void aFurtherConnectionWithoutAFreePermitFailsAsBusy() throws Exception {
        limit.configure(1);
        ImapStore first = store(GREENMAIL.getImap().getPort(), "secret");
        first.connect();
        ImapStore second = store(GREENMAIL.getImap().getPort(), "secret");

        assertThatThrownBy(() -> ServerConnectionLimit.withoutWaiting(() -> {
            second.connect();
            return null;
        })).isInstanceOf(StoreException.class).satisfies(e -> assertThat(ServerConnectionLimit.isBusy(e)).isTrue());
        second.close();
        first.close();

        assertThat(limit.held(key())).isZero();
    }
}
