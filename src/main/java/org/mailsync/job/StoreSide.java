package org.mailsync.job;

import org.mailsync.store.MailStore;

/**
 * One store of a channel as a sync sees it: the store itself, the LIST pattern that selects
 * its folders and the prefix stripped from their names to form boxnames.
 *
 * @param name    the store's name in the config
 * @param store   the store
 * @param pattern the LIST pattern ({@code pat})
 * @param prefix  the prefix stripped from folder names ({@code prefix}), "" for none
 */
public record StoreSide(String name, MailStore store, String pattern, String prefix) {

    /** The same side on another store of the same config (a folder pair's own connection). */
    public StoreSide withStore(MailStore other) {
        return new StoreSide(name, other, pattern, prefix);
    }

    /**
     * The boxname of a native folder name: the prefix stripped and the store's delimiter
     * translated to {@code /}. INBOX, whatever its case, is {@code INBOX}. Null when the name
     * does not start with the prefix. The boxname is not checked here: see {@link #refusal}.
     */
    public String boxname(String folder) {
        if (!folder.startsWith(prefix)) {
            if (!folder.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return null;
            }
        }
        String rest = folder.substring(prefix.length());
        char delimiter = store.delimiter();
        if (delimiter != '/') {
            rest = rest.replace(delimiter, '/');
        }
        if (rest.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        return rest;
    }

    /** The native folder name a boxname has (or would have) in this store. */
    public String folderName(String boxname) {
        char delimiter = store.delimiter();
        return prefix + (delimiter == '/' ? boxname : boxname.replace('/', delimiter));
    }

    /**
     * Why a boxname must not be synced, or null when it may be. A boxname becomes a folder name
     * in the other store, and a local store turns it into a path: a name with a {@code .} or
     * {@code ..} segment, an empty segment ({@code a//b}, {@code a/}), an absolute name or one
     * starting with {@code ~} (a home directory to c-client and to shells) would be resolved
     * into another name, so that two folders' mail would mix. Such a name is refused by name,
     * never normalized: only names that stay what they say are synced.
     *
     * @param boxname a boxname from {@link #boxname(String)}
     * @return the reason, to follow "its name" in a message ("has a ".." segment"), or null
     */
    public static String refusal(String boxname) {
        if (boxname.startsWith("/")) {
            return "is an absolute path";
        }
        if (boxname.startsWith("~")) {
            return "starts with \"~\", which reads as a home directory";
        }
        if (boxname.indexOf('\0') >= 0) {
            // No IMAP mailbox name can hold one (RFC 3501 section 9: CHAR8 excludes it), nor a file name.
            return "holds a NUL character";
        }
        // -1: keep trailing empty segments, "a/" is refused like "a//b"
        for (String segment : boxname.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "has a \"" + segment + "\" segment";
            }
            if (segment.isEmpty()) {
                return "has an empty level (two delimiters in a row, or one at the end)";
            }
        }
        return null;
    }

    /**
     * Why a folder this store listed must not be synced, or null when it may be: its boxname's
     * {@link #refusal}, or a {@code /} in a store whose delimiter is another character (a
     * server with {@code .}, as Dovecot's Maildir++ default, or a flat one). A boxname has
     * {@code /} between its levels, so "a/b" there would become the boxname of "a.b", a local
     * folder {@code a/b}, and both folders' mail would mix.
     *
     * @param folder  the folder's native name
     * @param boxname its {@link #boxname(String)}
     * @return the reason, to follow "its name" in a message, or null
     */
    public String refusal(String folder, String boxname) {
        char delimiter = store.delimiter();
        if (delimiter != '/' && folder.indexOf('/', prefix.length()) >= 0) {
            return "holds \"/\", which this store does not use as its hierarchy delimiter ("
                    + (delimiter == '\0' ? "it has none" : "\"" + delimiter + "\"") + "): synced, it would be "
                    + (delimiter == '\0' ? "a subfolder" : "the same folder as \"" + folderName(boxname) + "\"");
        }
        return refusal(boxname);
    }

    /**
     * Why a boxname cannot become a folder of this store, or null when it can: its native name
     * here must give the same boxname back. A boxname whose level holds this store's delimiter
     * ("a.b" from a store with {@code /}, for one with {@code .}) would be made here as two
     * levels and come back as the boxname "a/b", another folder on the other side.
     *
     * @return the reason, to follow "its name" in a message, or null
     */
    public String refusalAsFolder(String boxname) {
        char delimiter = store.delimiter();
        if (delimiter == '\0' && boxname.indexOf('/') >= 0) {
            return "has levels, but store " + name + " has no hierarchy";
        }
        String there = folderName(boxname);
        if (!boxname.equals(boxname(there))) {
            return "holds \"" + delimiter + "\", the hierarchy delimiter of store " + name + ", where it would be \""
                    + there + "\", the folder of boxname \"" + boxname(there) + "\"";
        }
        return null;
    }
}
