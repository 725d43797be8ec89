package org.mailsync.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.mailsync.mail.HeaderBlock;

/**
 * The identity the original mailsync 5.2.7 gives a message with {@code -t md5}, reproduced from
 * the raw header so that a legacy msinfo can be imported and both programs agree on a message.
 *
 * <p>The original ({@code MsgId::MsgId(ENVELOPE*)} in its {@code msgid.cc}) concatenates, without
 * separators, the c-client envelope's Date, Subject and Message-ID strings and then
 * {@code rfc822_address()} of every From address and every To address, takes the MD5 of that
 * and writes {@code <>, md5: <32 lower-case hex>} to its msinfo. What c-client puts in the
 * envelope was established by running {@code mailsync -t md5} 5.2.7 (Debian, c-client 2007)
 * on local mbox folders; this class reproduces all of the following:
 * <ul>
 *   <li>header unfolding removes the line break and keeps the whitespace after it, and every tab
 *       in a field value becomes a space; whitespace before the colon of a field name is allowed;</li>
 *   <li>Date, Subject and Message-ID: the first field of each, leading whitespace skipped,
 *       trailing whitespace kept, otherwise raw (no RFC 2047 decoding, no sanitising: the
 *       original sanitises Message-IDs only in msgid mode);</li>
 *   <li>From and To: <em>every</em> field of the name, their address lists joined;</li>
 *   <li>an address contributes {@code local@host} only: display names, comments, source routes
 *       and group names are dropped (group members count); quoted local parts are unquoted;</li>
 *   <li>local part and host are each re-quoted (with {@code \} before {@code \} and {@code "})
 *       when empty, when they contain one of {@code  ()<>@,;:\"[]}, start or end with a dot or
 *       contain two dots in a row: so a domain literal gives {@code x@"[1.2.3.4]"};</li>
 *   <li>an address without {@code @host} gets c-client's {@code ".MISSING-HOST-NAME."};</li>
 *   <li>the MD5 is taken over the ISO-8859-1 bytes, i.e. the header bytes as stored.</li>
 * </ul>
 * Known gaps: addresses c-client cannot parse cleanly (e.g. {@code <e f@x>}) give a different
 * string here, since c-client's error recovery is not reproduced; and when the original read a
 * folder over IMAP the envelope came from the server (Dovecot keeps tabs, sends NIL hosts for
 * bare local parts), so a message indexed over IMAP by the original may have a different id
 * than the one this class (and the original on a local folder) computes. A message with none
 * of the five fields has no identity (the original would have written an empty id).
 */
public final class LegacyMd5Identity {

    /** c-client's placeholder host for an address written without one (rfc822.c BADHOST). */
    static final String MISSING_HOST = ".MISSING-HOST-NAME.";

    // c-client's wspecials: characters that force quoting of a local part or host on output.
    private static final String WSPECIALS = " ()<>@,;:\\\"[]";

    private LegacyMd5Identity() {
    }

    /**
     * The msinfo text of the original for this header, {@code <>, md5: <hex>}, or null when the
     * header has none of Date, Subject, Message-ID, From and To addresses.
     */
    public static String of(HeaderBlock header) {
        String hashed = hashedText(header);
        if (hashed.isEmpty()) {
            return null;
        }
        return "<>, md5: <" + md5Hex(hashed) + ">";
    }

    /** The exact text the original hashes (visible for tests and for diagnosing mismatches). */
    static String hashedText(HeaderBlock header) {
        StringBuilder sb = new StringBuilder();
        appendFirst(sb, header, "Date");
        appendFirst(sb, header, "Subject");
        appendFirst(sb, header, "Message-ID");
        for (String name : List.of("From", "To")) {
            for (String value : header.all(name)) {
                for (String address : addresses(envelopeValue(value))) {
                    sb.append(address);
                }
            }
        }
        return sb.toString();
    }

    private static void appendFirst(StringBuilder sb, HeaderBlock header, String name) {
        String value = header.first(name);
        if (value != null) {
            sb.append(envelopeValue(value));
        }
    }

    // The value as c-client stores it in the envelope: tabs as spaces, leading blanks skipped.
    private static String envelopeValue(String unfolded) {
        String s = unfolded.replace('\t', ' ').replace("\r", "").replace("\n", "");
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    private static String md5Hex(String text) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    // ---- RFC 822 address lists, as far as c-client's rfc822_parse_adrlist matters here ----

    private enum Kind { ATOM, QUOTED, LITERAL, SPECIAL }

    private record Token(Kind kind, String text) {
        boolean is(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }
    }

    /** The {@code rfc822_address()} strings of an address list, in order. */
    static List<String> addresses(String list) {
        List<Token> tokens = tokenize(list);
        List<String> result = new ArrayList<>();
        List<Token> element = new ArrayList<>();
        boolean inAngle = false;
        for (Token t : tokens) {
            if (t.is('<')) {
                inAngle = true;
            } else if (t.is('>')) {
                inAngle = false;
            }
            if (!inAngle && (t.is(',') || t.is(';'))) {
                addElement(element, result);
                element.clear();
            } else {
                element.add(t);
            }
        }
        addElement(element, result);
        return result;
    }

    private static void addElement(List<Token> element, List<String> result) {
        List<Token> e = element;
        // "group-name:" opens a group; its name is not an address, its members are.
        int firstAngle = indexOf(e, '<');
        int colon = indexOf(e, ':');
        if (colon >= 0 && (firstAngle < 0 || colon < firstAngle)) {
            e = e.subList(colon + 1, e.size());
            firstAngle = indexOf(e, '<');
        }
        if (firstAngle >= 0) {
            int close = indexOf(e, '>');
            List<Token> route = e.subList(firstAngle + 1, close > firstAngle ? close : e.size());
            int routeEnd = lastIndexOf(route, ':');
            e = route.subList(routeEnd + 1, route.size()); // source routes are dropped
        }
        if (e.isEmpty()) {
            return;
        }
        int at = lastIndexOf(e, '@');
        String local = join(at < 0 ? e : e.subList(0, at));
        String host = at < 0 ? MISSING_HOST : join(e.subList(at + 1, e.size()));
        if (local.isEmpty() && at < 0) {
            return;
        }
        result.add(quoteIfNeeded(local) + "@" + quoteIfNeeded(host));
    }

    private static String join(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.text());
        }
        return sb.toString();
    }

    private static int indexOf(List<Token> tokens, char c) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(c)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<Token> tokens, char c) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (tokens.get(i).is(c)) {
                return i;
            }
        }
        return -1;
    }

    // c-client rfc822_output_cat(): quote when empty, when a wspecial occurs, or for bad dots.
    static String quoteIfNeeded(String s) {
        boolean quote = s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..");
        for (int i = 0; !quote && i < s.length(); i++) {
            quote = WSPECIALS.indexOf(s.charAt(i)) >= 0;
        }
        if (!quote) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '(') {
                i = skipComment(s, i);
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    sb.append(s.charAt(i++));
                }
                i++; // closing quote (or end of text)
                tokens.add(new Token(Kind.QUOTED, sb.toString()));
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                end = end < 0 ? n : end + 1;
                tokens.add(new Token(Kind.LITERAL, s.substring(i, end)));
                i = end;
            } else if ("<>@,;:.".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else {
                int start = i;
                while (i < n && " \t\r\n()<>@,;:.\"[]".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(Kind.ATOM, s.substring(start, i)));
            }
        }
        return tokens;
    }

    private static int skipComment(String s, int i) {
        int depth = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                break;
            }
        }
        return i;
    }
}
