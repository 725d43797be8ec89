package org.mailsync.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Splits a config text into tokens as the original did (whitespace-separated words, {@code #}
 * comments at the start of a token, {@code \x} for a literal x) plus what the original lacked:
 * double quotes, so that an empty or spaced value can be written, and errors with a location.
 *
 * <p>The parser says whether it expects a value, because two forms only make sense there:
 * a c-client spec may contain spaces inside its braces ({@code {host/user=John Smith}INBOX}),
 * and a c-client namespace name ({@code #mh/inbox}) starts with {@code #}. The original read
 * the latter as a comment, which broke its own example file.
 */
final class ConfigLexer {

    /** c-client namespace names such as {@code #mh/inbox}, {@code #news.comp}, {@code #mhinbox}. */
    private static final Pattern NAMESPACE = Pattern.compile("#(?:[A-Za-z]+[/.]|mhinbox(?![^\\s]))");

    private final String text;
    private final Path file;
    private int pos;
    private int line = 1;

    ConfigLexer(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** The line the lexer has reached; at the end of the text, its last line. */
    int line() {
        return line;
    }

    /**
     * The next token, or null at the end of the text.
     *
     * @param valuePosition whether the parser expects a key's value here
     */
    ConfigToken next(boolean valuePosition) throws ConfigException {
        skipSpaceAndComments(valuePosition);
        if (pos >= text.length()) {
            return null;
        }
        int startLine = line;
        StringBuilder word = new StringBuilder();
        boolean literal = false;
        if (valuePosition && text.charAt(pos) == '{') {
            readBraceSpec(word);
            literal = true;
        }
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                break;
            } else if (c == '\\') {
                word.append(escaped(word));
                literal = true;
            } else if (c == '"') {
                readQuoted(word, startLine);
                literal = true;
            } else {
                word.append(c);
                pos++;
            }
        }
        return new ConfigToken(word.toString(), literal, startLine);
    }

    /**
     * The token {@link #next(boolean)} would return, without consuming it: the parser looks one
     * token ahead to tell a value spelled like a key from a key whose value is missing. Null at
     * the end of the text, and for a malformed token, whose error is reported when it is read.
     */
    ConfigToken peek(boolean valuePosition) {
        int savedPos = pos;
        int savedLine = line;
        try {
            return next(valuePosition);
        } catch (ConfigException e) {
            return null;
        } finally {
            pos = savedPos;
            line = savedLine;
        }
    }

    private void skipSpaceAndComments(boolean valuePosition) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' && !(valuePosition && NAMESPACE.matcher(text).region(pos, text.length()).lookingAt())) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /**
     * Reads {@code {...}} up to the closing brace on the same line, spaces included: a c-client
     * server spec is one value even if a user name in it has a space.
     */
    private void readBraceSpec(StringBuilder word) throws ConfigException {
        int close = text.indexOf('}', pos);
        int eol = text.indexOf('\n', pos);
        if (close < 0 || (eol >= 0 && eol < close)) {
            String rest = text.substring(pos, eol < 0 ? text.length() : eol).strip();
            throw new ConfigException(new ConfigLocation(file, line),
                    "unterminated server spec \"" + rest + "\": \"}\" missing on the same line");
        }
        word.append(text, pos, close + 1);
        pos = close + 1;
    }

    /** A backslash makes the next character literal, as in the original ({@code \ }, {@code \#}, {@code \\}). */
    private char escaped(CharSequence wordSoFar) throws ConfigException {
        if (pos + 1 >= text.length() || text.charAt(pos + 1) == '\n' || text.charAt(pos + 1) == '\r') {
            // The original would have glued the newline into the token; nobody means that.
            throw new ConfigException(new ConfigLocation(file, line),
                    "backslash at end of line after \"" + wordSoFar + "\" (line continuation is not supported)");
        }
        char c = text.charAt(pos + 1);
        pos += 2;
        return c;
    }

    private void readQuoted(StringBuilder word, int startLine) throws ConfigException {
        int start = word.length();
        pos++; // opening quote
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            } else if (c == '\n') {
                break;
            } else if (c == '\\') {
                word.append(escaped(word));
            } else {
                word.append(c);
                pos++;
            }
        }
        // Stop at the end of the line: an unclosed quote would otherwise swallow the rest of the file.
        throw new ConfigException(new ConfigLocation(file, startLine),
                "unterminated quote in token '\"" + word.substring(start) + "' (closing '\"' missing on the same line)");
    }
}
