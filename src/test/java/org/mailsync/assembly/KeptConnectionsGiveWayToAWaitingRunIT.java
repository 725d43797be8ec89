package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.job.StoreLease;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ServerConnectionLimit;

/**
 * A daemon keeps a channel's connections logged in between its runs ({@link KeptConnections}):
 * under {@code serverconnections}, they hold permits no run uses. A run of another channel
 * that must wait for one closes them instead of waiting for them (the channel's next run logs
 * in afresh), and connections are not kept at all while a run waits.
 */
class KeptConnectionsGiveWayToAWaitingRunIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    private final ServerConnectionLimit limit = ServerConnectionLimit.jvm();
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @AfterEach
    void noLimitLeftForOtherTests() {
        limit.configure(null);
        limit.waitTimeout(ServerConnectionLimit.DEFAULT_WAIT);
    }

    private MailsyncConfig config(String user) throws Exception {
        Files.createDirectories(home.resolve("Mail"));
        String text = """
                store local { pat Mail/*  prefix Mail/ }
                store remote {
                    server {127.0.0.1:%d/user=%s/notls}
                    pat    *
                    passwd %s
                }
                """.formatted(DOVECOT.port(), user, DOVECOT.password());
        return ConfigParser.parse(text, home.resolve(".mailsync"), home);
    }

    /** A run on the kept connections: opens the stores, leases once, gives back, ends. */
    private static void run(KeptConnections kept, MailsyncConfig config, PrintStream notes) throws Exception {
        try (ChannelConnections run = new ChannelConnections(kept)) {
            run.open(config.store("local").get(), config.store("remote").get(), notes, false, false);
            StoreLease lease = run.lease();
            lease.close();
        }
    }

    @Test
    void keptConnectionsAreClosedForARunThatWaitsForAPermit() throws Exception {
        String user = DOVECOT.newUser();
        String key = ServerConnectionLimit.key(user, "127.0.0.1", DOVECOT.port());
        MailsyncConfig config = config(user);
        limit.configure(1);
        limit.waitTimeout(Duration.ofSeconds(30));
        KeptConnections kept = new KeptConnections();
        run(kept, config, quiet);
        assertThat(kept.holdsConnections()).isTrue();
        assertThat(limit.held(key)).as("the kept connection").isEqualTo(1);

        // Another channel's run (connections of its own) needs the one permit.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(null, config, quiet));

        assertThat(kept.holdsConnections()).as("closed for the other run").isFalse();
        assertThat(limit.held(key)).isZero();
        assertThat(limit.peak(key)).isEqualTo(1);
        // The channel's next run logs in afresh, and keeps its connection again.
        run(kept, config, quiet);
        assertThat(kept.holdsConnections()).isTrue();
        kept.close();
        assertThat(limit.held(key)).isZero();
    }
}
