package org.mailsync.store.imap;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incremental index against Dovecot 2.3 as installed, which offers CONDSTORE and QRESYNC
 * (RFC 7162) by default: a changed folder is caught up by one EXAMINE with QRESYNC data.
 */
class IncrementalIndexQresyncIT extends IncrementalIndexDovecotContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    IncrementalIndexQresyncIT() {
        super(DOVECOT, "STATUS \"?box\"? \\(UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ\\)", "ENABLE QRESYNC",
                "EXAMINE \"?box\"? \\(QRESYNC \\(\\d+ \\d+\\)\\)");
    }
}
