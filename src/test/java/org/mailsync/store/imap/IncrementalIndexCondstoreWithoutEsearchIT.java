package org.mailsync.store.imap;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incremental index against a Dovecot that offers CONDSTORE alone: the plain {@code UID SEARCH
 * ALL} answer lists the UIDs.
 */
class IncrementalIndexCondstoreWithoutEsearchIT extends IncrementalIndexDovecotContract {

    @RegisterExtension
    static final DovecotExtension DOVECOT = offering("CONDSTORE");

    IncrementalIndexCondstoreWithoutEsearchIT() {
        super(DOVECOT, "UID SEARCH ALL", "UID FETCH 1:\\* \\(UID FLAGS\\) \\(CHANGEDSINCE \\d+\\)");
    }
}
