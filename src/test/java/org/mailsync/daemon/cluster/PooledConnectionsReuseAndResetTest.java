package org.mailsync.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/**
 * The Quartz job store's connections ({@link PooledConnections}): a connection given back is
 * handed out again instead of a new login; one given back inside a transaction is rolled back
 * first (Quartz commits what it keeps); one already closed, or beyond the idle bound, is
 * dropped; a connection given back cannot be used through the old handle; shutting down closes
 * the idle ones. Against fake connections that record what was done to them.
 */
class PooledConnectionsReuseAndResetTest {

    /** What a fake connection saw. */
    private static final class Fake {
        boolean autoCommit = true;
        boolean closed;
        int rollbacks;
        int queries;
    }

    private final List<Fake> opened = new ArrayList<>();

    private final DataSource dataSource = new DataSource() {
        @Override
        public Connection getConnection() {
            Fake fake = new Fake();
            opened.add(fake);
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getAutoCommit" -> fake.autoCommit;
                        case "setAutoCommit" -> {
                            fake.autoCommit = (Boolean) args[0];
                            yield null;
                        }
                        case "rollback" -> {
                            fake.rollbacks++;
                            yield null;
                        }
                        case "close" -> {
                            fake.closed = true;
                            yield null;
                        }
                        case "isClosed" -> fake.closed;
                        case "isValid" -> !fake.closed;
                        case "nativeSQL" -> {
                            fake.queries++;
                            yield args[0];
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    };

    @Test
    void aConnectionGivenBackIsHandedOutAgainWithoutANewLogin() throws Exception {
        PooledConnections pool = new PooledConnections(dataSource, 2);

        pool.getConnection().close();
        Connection again = pool.getConnection();
        again.nativeSQL("SELECT 1");

        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).queries).isEqualTo(1);
        assertThat(opened.get(0).closed).isFalse();
    }

    @Test
    void oneGivenBackInATransactionIsRolledBackAndBackInAutoCommit() throws Exception {
        PooledConnections pool = new PooledConnections(dataSource, 2);
        Connection c = pool.getConnection();
        c.setAutoCommit(false);

        c.close();

        assertThat(opened.get(0).rollbacks).isEqualTo(1);
        assertThat(opened.get(0).autoCommit).isTrue();
    }

    @Test
    void theOldHandleOfAConnectionGivenBackCannotBeUsed() throws Exception {
        PooledConnections pool = new PooledConnections(dataSource, 2);
        Connection c = pool.getConnection();
        c.close();

        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(() -> c.nativeSQL("SELECT 1")).isInstanceOf(SQLException.class)
                .hasMessageContaining("given back");
        c.close(); // twice is harmless
        assertThat(opened.get(0).closed).isFalse();
    }

    @Test
    void beyondTheIdleBoundConnectionsAreClosedAndShutdownClosesTheIdleOnes() throws Exception {
        PooledConnections pool = new PooledConnections(dataSource, 1);
        Connection a = pool.getConnection();
        Connection b = pool.getConnection();
        a.close();
        b.close();

        assertThat(opened).extracting(f -> f.closed).containsExactly(false, true);

        pool.shutdown();
        assertThat(opened.get(0).closed).isTrue();
    }

    @Test
    void aConnectionClosedUnderneathIsNotHandedOutAgain() throws Exception {
        PooledConnections pool = new PooledConnections(dataSource, 2);
        Connection c = pool.getConnection();
        opened.get(0).closed = true; // the server went away
        c.close();

        pool.getConnection();

        assertThat(opened).hasSize(2);
    }
}
