package org.mailsync.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes on only the lines that start with {@code Error:}, whole, and drops the rest: the error
 * stream of a {@code -q} run. Works by line rather than by caller because warnings and notes
 * reach standard error from many places (the report, the stores, the state), and every one of
 * them starts its line with its kind.
 */
final class ErrorLinesOnly extends OutputStream {

    private static final byte[] ERROR = "Error:".getBytes(StandardCharsets.US_ASCII);

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ErrorLinesOnly(PrintStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            byte[] bytes = line.toByteArray();
            line.reset();
            if (startsWithError(bytes)) {
                target.write(bytes, 0, bytes.length);
                target.flush();
            }
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private static boolean startsWithError(byte[] bytes) {
        if (bytes.length < ERROR.length) {
            return false;
        }
        for (int i = 0; i < ERROR.length; i++) {
            if (bytes[i] != ERROR[i]) {
                return false;
            }
        }
        return true;
    }
}
