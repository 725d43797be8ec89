package org.mailsync.store.imap;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The IMAP dialogue as lines ({@code /debug}, {@code -di}): what Angus writes to its debug
 * stream, split into lines and handed to a sink, with the arguments of LOGIN and AUTHENTICATE
 * commands cut off. Angus already hides the authentication exchange under
 * {@code mail.debug.auth=false}; the redaction here is the second lock on the same door.
 */
final class ProtocolTrace {

    private static final Pattern AUTH_LINE = Pattern.compile("^(\\S+ (?:UID )?(?:LOGIN|AUTHENTICATE))\\b.*$",
            Pattern.CASE_INSENSITIVE);

    private volatile Consumer<String> sink;

    ProtocolTrace(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Where the lines go from now on (tests capture them). */
    void sink(Consumer<String> sink) {
        this.sink = sink;
    }

    /** The stream to give Angus' {@code Session.setDebugOut}. */
    PrintStream stream() {
        return new PrintStream(new LineSink(), true, StandardCharsets.ISO_8859_1);
    }

    private void line(String line) {
        var m = AUTH_LINE.matcher(line);
        sink.accept(m.matches() ? m.group(1) + " <redacted>" : line);
    }

    /** Splits what Angus writes into lines, CRLF or LF. */
    private final class LineSink extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            if (b == '\n') {
                String text = buf.toString(StandardCharsets.ISO_8859_1);
                buf.reset();
                line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
            } else {
                buf.write(b);
            }
        }
    }
}
