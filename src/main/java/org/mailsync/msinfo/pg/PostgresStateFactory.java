package org.mailsync.msinfo.pg;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.flywaydb.core.api.FlywayException;

import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.SyncStateFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens channels' states in one PostgreSQL database ({@link PostgresSyncState}), ignoring the
 * msinfo file the config names (the channel's lock file and local trash stay beside it). The
 * password comes from the URL, or from {@code statepasscmd}, run when the first state is opened.
 */
public final class PostgresStateFactory implements SyncStateFactory {

    private final String url;
    private final String passcmd;
    private StateUrl resolved;

    /**
     * @param url     the configured JDBC URL ({@code jdbc:postgresql://...}; may hold {@code password=})
     * @param passcmd the command that prints the password, or null
     */
    public PostgresStateFactory(String url, String passcmd) {
        this.url = url;
        this.passcmd = passcmd;
    }

    /** The URL, with the password {@code statepasscmd} printed (run once per factory). */
    public synchronized StateUrl url() throws MsinfoException {
        if (resolved == null) {
            try {
                resolved = StateUrl.of(url, passcmd == null ? null : PassCommand.run(passcmd));
            } catch (IllegalArgumentException e) {
                throw new MsinfoException(e.getMessage());
            }
        }
        return resolved;
    }

    /**
     * The database brought to mailsync's newest schema (the state's tables, the run log and the
     * cluster's Quartz tables), as a data source that opens a new connection each time: for
     * what shares the state's database and is not a channel's state ({@code daemon --cluster}).
     *
     * @throws MsinfoException the password command failed, or the schema cannot be brought up to
     *                         date (the message has no password)
     */
    public DataSource migratedDataSource() throws MsinfoException {
        StateUrl u = url();
        PGSimpleDataSource dataSource = PostgresDatabase.dataSource(u);
        try {
            PostgresDatabase.migrate(dataSource, u);
        } catch (FlywayException e) {
            throw new MsinfoException("cannot bring state " + u.url() + " to mailsync's schema: "
                    + u.redact(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        return dataSource;
    }

    /** {@inheritDoc} {@code file} is not used: the state is the database's. */
    @Override
    public PostgresSyncState open(String channel, Path file, boolean readOnly) throws MsinfoException {
        return PostgresSyncState.open(url(), channel, readOnly);
    }

    /** Where states are opened, without any password. */
    @Override
    public String toString() {
        return StateUrl.redactUrl(url);
    }

}
