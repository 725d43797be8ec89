package org.mailsync.store.imap;

import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incremental index against GreenMail (fresh per test), which has neither CONDSTORE nor
 * QRESYNC: the fallback path, {@code UID FETCH 1:* (UID FLAGS)} and full items for new UIDs only.
 */
class IncrementalIndexGreenMailTest extends IncrementalIndexContract {

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.IMAP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@localhost", "alice", "secret"));

    @Override
    protected ImapStore newStore() {
        return new ImapStore(ImapServerSpec.parse("{127.0.0.1:" + GREENMAIL.getImap().getPort() + "/user=alice/notls/debug}"),
                "secret".toCharArray(), "greenmail");
    }

    @Override
    protected OtherImapClient newOtherClient() throws Exception {
        return new OtherImapClient(GREENMAIL.getImap().getPort(), "alice", "secret").uidValidityInSeconds();
    }

    @Override
    protected List<String> pathCommands() {
        return List.of("STATUS \"?box\"? \\(UIDVALIDITY UIDNEXT MESSAGES\\)", "UID FETCH 1:\\* \\(UID FLAGS\\)");
    }
}
