package org.mailsync.store.imap;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The response codes of a server's {@code NO} that say more than "failed" (RFC 5530, RFC 7889,
 * RFC 3501 section 7.1), and what each means for a sync: a message the server will not take
 * is skipped and reported while the others go on; a server that is busy or at a limit is asked
 * again later (the route set redelivers with back-off). Codes not listed leave the failure to
 * the general rules ({@code ImapConnection}).
 */
enum ImapResponseCode {

    /** RFC 7889: the message is larger than the server accepts ({@code APPENDLIMIT}). */
    TOOBIG(Effect.SKIP_MESSAGE, "the server refuses the message as too big"),
    /** RFC 5530: the user's quota is used up; a smaller message may still fit. */
    OVERQUOTA(Effect.SKIP_MESSAGE, "the mailbox is over its quota"),
    /** RFC 5530: a limit of the server's (commands, connections, rate) was hit: wait and try again. */
    LIMIT(Effect.RETRY, "the server hit a limit (too many connections or commands); trying again later"),
    /** RFC 5530: a resource the server needs is unavailable for now. */
    UNAVAILABLE(Effect.RETRY, "the server is unavailable for now"),
    /** RFC 5530: the mailbox is locked by another process for the moment. */
    INUSE(Effect.RETRY, "the mailbox is in use by another process"),
    /** RFC 5530: the server failed on its side; often gone on the next try. */
    SERVERBUG(Effect.RETRY, "the server failed on its side");

    /** What a code does to the operation that drew it. */
    enum Effect {
        /** An APPEND refused for this message only: skip it, report it, go on. */
        SKIP_MESSAGE,
        /** Transient: the operation is tried again after a while. */
        RETRY
    }

    /** A response code: {@code [} and an atom, ended by {@code ]} or a space before its arguments. */
    private static final Pattern CODE = Pattern.compile("\\[([A-Za-z][A-Za-z0-9.-]*)[\\] ]");

    private final Effect effect;
    private final String meaning;

    ImapResponseCode(Effect effect, String meaning) {
        this.effect = effect;
        this.meaning = meaning;
    }

    Effect effect() {
        return effect;
    }

    /** What the code means, for the user, e.g. "the mailbox is over its quota". */
    String meaning() {
        return meaning;
    }

    /**
     * The first listed code in a server's answer as Angus reports it (the response text, such
     * as {@code A5 NO [OVERQUOTA] Quota exceeded}); null when there is none. Atoms are
     * case-insensitive (RFC 3501 section 9).
     */
    static ImapResponseCode in(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            String atom = m.group(1).toUpperCase(Locale.ROOT);
            for (ImapResponseCode code : values()) {
                if (code.name().equals(atom)) {
                    return code;
                }
            }
        }
        return null;
    }
}
