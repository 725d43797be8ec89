package org.mailsync.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where something was written in a configuration file: the file and a 1-based line number.
 * Line 0 stands for the file as a whole (for errors that belong to no single line, such as an
 * unreadable file or a name asked for on the command line).
 *
 * @param file the configuration file (or the name given for a text parsed from memory)
 * @param line 1-based line number, or 0 for the whole file
 */
public record ConfigLocation(Path file, int line) {

    public ConfigLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
    }

    /** {@code /home/u/.mailsync:12}, or just the file for line 0; the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        return line == 0 ? file.toString() : file + ":" + line;
    }
}
