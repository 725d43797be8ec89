package org.mailsync.store.imap;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incremental index against a Dovecot that offers neither CONDSTORE nor QRESYNC: STATUS
 * without HIGHESTMODSEQ, then {@code UID FETCH 1:* (UID FLAGS)} even for an unchanged folder.
 */
class IncrementalIndexWithoutCondstoreIT extends IncrementalIndexDovecotContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = offering("ESEARCH");

    IncrementalIndexWithoutCondstoreIT() {
        super(DOVECOT, "STATUS \"?box\"? \\(UIDVALIDITY UIDNEXT MESSAGES\\)", "UID FETCH 1:\\* \\(UID FLAGS\\)");
    }
}
