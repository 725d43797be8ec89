package org.mailsync.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;

/**
 * A command-line test against the shared Dovecot: each test gets a fresh IMAP user and a home
 * whose {@code ~/.mailsync} holds the usual channel between a local Maildir and that user's
 * server store ({@link DovecotExtension#channelConfig}). A subclass's own {@code @BeforeEach}
 * runs after this one's, so it may rewrite the config or fill either side.
 */
abstract class DovecotChannelTestBase {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    @TempDir
    Path home;

    String user;

    @BeforeEach
    void newUserWithChannelConfig() throws Exception {
        user = DOVECOT.newUser();
        DOVECOT.channelConfig(user).writeTo(home.resolve(".mailsync"));
    }
}
