package org.mailsync.store.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The second lock on the {@code -di} trace: should Angus ever write an XOAUTH2 command line
 * (its own suppression is the first lock), the initial response carrying the token is cut off.
 */
class Xoauth2TraceRedactionTest {

    @Test
    void anAuthenticateXoauth2LineLosesItsInitialResponse() {
        List<String> lines = new ArrayList<>();
        PrintStream trace = new ProtocolTrace(lines::add).stream();

        trace.print("B1 AUTHENTICATE XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB5YTI5LnNlY3JldAEB\r\n");
        trace.print("B1 OK [CAPABILITY IMAP4rev1] Logged in\r\n");

        assertThat(lines).containsExactly("B1 AUTHENTICATE <redacted>", "B1 OK [CAPABILITY IMAP4rev1] Logged in");
    }
}
