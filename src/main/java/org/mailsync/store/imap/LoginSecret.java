package org.mailsync.store.imap;

import java.util.Arrays;

import org.mailsync.store.StoreException;

/**
 * Where the secret of an IMAP login comes from: a password known once per run, or an OAuth2
 * access token asked for anew at every login ({@code auth xoauth2} with {@code passcmd}), since
 * a token lives about an hour and a token helper refreshes it behind our back. The connection
 * asks just before each login and clears the array it got right after, so that it holds no
 * token between logins.
 */
public interface LoginSecret {

    /**
     * The secret for the login about to be made, as a new array that the caller clears.
     *
     * @throws StoreException when it cannot be had (a {@code passcmd} failed); the message never
     *                        holds the secret nor anything the command printed
     */
    char[] get() throws StoreException;

    /**
     * Whether asking again may give another secret: then a login the server refused is tried
     * once more with a fresh one (an access token that expired between the helper's check and
     * the login). A fixed password is not: trying it again only counts another failure against
     * the account.
     */
    default boolean renewable() {
        return false;
    }

    /** Forgets what it keeps. */
    default void clear() {
    }

    /** A fixed secret, such as a password from the config or a prompt; copied, so the caller may clear its array. */
    static LoginSecret fixed(char[] secret) {
        char[] kept = secret == null ? new char[0] : secret.clone();
        return new LoginSecret() {
            @Override
            public char[] get() {
                return kept.clone();
            }

            @Override
            public void clear() {
                Arrays.fill(kept, '\0');
            }
        };
    }
}
