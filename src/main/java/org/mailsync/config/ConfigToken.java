package org.mailsync.config;

import java.nio.file.Path;

/**
 * One word of a configuration with the line it was written on, as either front end read it:
 * the original format's {@link ConfigLexer} or the YAML reader. The shared checks in
 * {@link ConfigAssembler} see only these, so that both formats get the same messages.
 *
 * @param text    the word with quotes and escapes removed
 * @param literal whether any part was quoted, escaped or brace-read (original format) or the
 *                word is a YAML value; such a word is never a keyword or block brace, however it reads
 * @param line    the line it starts on
 * @param file    the file it was read from when that is not the configuration itself (a cell of
 *                an accounts table, see {@link AccountTable}); null for the configuration
 */
record ConfigToken(String text, boolean literal, int line, Path file) {

    /** A word of the configuration file itself. */
    ConfigToken(String text, boolean literal, int line) {
        this(text, literal, line, null);
    }

    /** The same word, from the same place, with other text (an accounts table's {@code {account}} filled in). */
    ConfigToken withText(String other) {
        return new ConfigToken(other, literal, line, file);
    }

    boolean is(String word) {
        return !literal && text.equals(word);
    }

    boolean isBrace() {
        return is("{") || is("}");
    }

    /** The token as messages quote it. */
    String quoted() {
        return "\"" + text + "\"";
    }
}
