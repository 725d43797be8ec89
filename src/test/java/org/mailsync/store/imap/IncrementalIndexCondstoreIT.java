package org.mailsync.store.imap;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incremental index against a Dovecot that offers CONDSTORE and ESEARCH but not QRESYNC:
 * {@code UID SEARCH RETURN (ALL)} for the UIDs, {@code UID FETCH ... (CHANGEDSINCE m)} for flags.
 */
class IncrementalIndexCondstoreIT extends IncrementalIndexDovecotContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = offering("CONDSTORE ESEARCH");

    IncrementalIndexCondstoreIT() {
        super(DOVECOT, "UID SEARCH RETURN \\(ALL\\) ALL", "UID FETCH 1:\\* \\(UID FLAGS\\) \\(CHANGEDSINCE \\d+\\)");
    }
}
