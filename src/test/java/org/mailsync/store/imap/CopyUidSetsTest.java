package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The uid-sets of a COPYUID response code (RFC 4315 section 3) read in the order written, ranges either way. */
class CopyUidSetsTest {

    @Test
    void rangesAndSingleUidsInTheOrderWritten() {
        assertThat(ImapMoves.expand("1:3,7,10:9")).containsExactly(1L, 2L, 3L, 7L, 10L, 9L);
        assertThat(ImapMoves.expand("42")).containsExactly(42L);
    }
}
