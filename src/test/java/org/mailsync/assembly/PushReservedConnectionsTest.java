package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.StoreConfig;

/**
 * The connections the daemon's push watches hold ({@link ReservedConnections}) come off a run's
 * share of the store's {@code maxconnections}, never below one, and go back when released.
 */
class PushReservedConnectionsTest {

    private static StoreConfig store(String name, int maxConnections) throws Exception {
        return ConfigParser.parse("store " + name + " { server {h} pat * maxconnections " + maxConnections + " }\n",
                Path.of("/home/u/.mailsync"), Path.of("/home/u")).stores().get(name);
    }

    @Test
    void aRunLeavesTheWatchesTheirConnections() throws Exception {
        StoreConfig remote = store("push-remote", 4);
        assertThat(ReservedConnections.runLimit(remote)).isEqualTo(4);

        ReservedConnections.reserve("push-remote", 1);
        ReservedConnections.reserve("push-remote", 2);
        try {
            assertThat(ReservedConnections.runLimit(remote)).isEqualTo(1);
            assertThat(ReservedConnections.runLimit(store("push-other", 4))).as("another store").isEqualTo(4);
            ReservedConnections.release("push-remote", 2);
            assertThat(ReservedConnections.runLimit(remote)).isEqualTo(3);
            ReservedConnections.reserve("push-remote", 10);
            assertThat(ReservedConnections.runLimit(remote)).as("a run always has one").isEqualTo(1);
            ReservedConnections.release("push-remote", 10);
        } finally {
            ReservedConnections.release("push-remote", 1);
        }
        assertThat(ReservedConnections.runLimit(remote)).isEqualTo(4);
    }
}
