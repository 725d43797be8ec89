package org.mailsync.daemon.cluster;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.sql.DataSource;

import org.quartz.utils.ConnectionProvider;

/**
 * The Quartz job store's connections to the state database: Quartz opens one for every trigger
 * it acquires, fires or completes and for every check-in, so idle connections are kept (up to
 * a bound) instead of logging in to PostgreSQL each time. A connection handed back in a
 * transaction is rolled back first; one that is broken, or idle for long, is dropped.
 */
final class PooledConnections implements ConnectionProvider {

    /** An idle connection older than this is checked before it is handed out again. */
    private static final long VALIDATE_AFTER_MILLIS = 30_000;

    private record Idle(Connection connection, long since) {
    }

    private final DataSource dataSource;
    private final int maxIdle;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean shutDown;

    /**
     * @param dataSource opens new connections
     * @param maxIdle    how many idle connections are kept at most
     */
    PooledConnections(DataSource dataSource, int maxIdle) {
        this.dataSource = dataSource;
        this.maxIdle = maxIdle;
    }

    @Override
    public Connection getConnection() throws SQLException {
        while (true) {
            Idle next;
            synchronized (this) {
                next = idle.pollFirst();
            }
            if (next == null) {
                return wrap(dataSource.getConnection());
            }
            boolean stale = System.currentTimeMillis() - next.since() > VALIDATE_AFTER_MILLIS;
            if (!stale || next.connection().isValid(5)) {
                return wrap(next.connection());
            }
            closeQuietly(next.connection());
        }
    }

    /** A connection whose {@code close()} gives it back instead of closing it. */
    private Connection wrap(Connection real) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean returned;

            @Override
            public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "close":
                        if (!returned) {
                            returned = true;
                            giveBack(real);
                        }
                        return null;
                    case "isClosed":
                        return returned || real.isClosed();
                    case "unwrap":
                    case "isWrapperFor":
                        break;
                    default:
                        if (returned) {
                            throw new SQLException("connection already given back to the pool");
                        }
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private void giveBack(Connection real) {
        try {
            if (real.isClosed()) {
                return;
            }
            if (!real.getAutoCommit()) {
                // Quartz commits what it means to keep; what is left open is an error's.
                real.rollback();
                real.setAutoCommit(true);
            }
        } catch (SQLException e) {
            closeQuietly(real);
            return;
        }
        synchronized (this) {
            if (!shutDown && idle.size() < maxIdle) {
                idle.addFirst(new Idle(real, System.currentTimeMillis()));
                return;
            }
        }
        closeQuietly(real);
    }

    @Override
    public void shutdown() {
        Deque<Idle> closing;
        synchronized (this) {
            shutDown = true;
            closing = new ArrayDeque<>(idle);
            idle.clear();
        }
        closing.forEach(i -> closeQuietly(i.connection()));
    }

    @Override
    public void initialize() {
        // connections are opened on demand
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // dropping it anyway
        }
    }
}
