package org.mailsync.store.imap;

import java.util.List;

/**
 * The incremental index against a Dovecot, whose capabilities decide the path
 * ({@link ImapFolderIndexer}: QRESYNC, CONDSTORE, neither) the store must take: a subclass
 * registers the server and names the commands that prove that path. Each test has a user of
 * its own.
 */
abstract class IncrementalIndexDovecotContract extends IncrementalIndexContract {

    /** What a server of {@link #offering} announces before the extensions that decide the path. */
    private static final String BASE_CAPABILITIES = "IMAP4rev1 LITERAL+ ENABLE IDLE NAMESPACE UNSELECT UIDPLUS LIST-STATUS";

    private final DovecotExtension dovecot;
    private final List<String> pathCommands;
    private String user;

    /**
     * @param dovecot      the subclass's server
     * @param pathCommands patterns of commands that prove the expected path ran, see {@link #pathCommands()}
     */
    IncrementalIndexDovecotContract(DovecotExtension dovecot, String... pathCommands) {
        this.dovecot = dovecot;
        this.pathCommands = List.of(pathCommands);
    }

    /** A Dovecot of the class's own that announces only the base capabilities and these extensions. */
    static DovecotExtension offering(String extensions) {
        return DovecotExtension.own("imap_capability = " + BASE_CAPABILITIES + " " + extensions);
    }

    @Override
    protected ImapStore newStore() {
        user = dovecot.newUser();
        return dovecot.store(user, "/notls/debug", "dovecot");
    }

    @Override
    protected OtherImapClient newOtherClient() throws Exception {
        return dovecot.otherClient(user);
    }

    @Override
    protected List<String> pathCommands() {
        return pathCommands;
    }
}
