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

    /**
     * The boxname of a native folder name: the prefix stripped and the store's delimiter
     * translated to {@code /}. INBOX, whatever its case, is {@code INBOX}. Null when the name
     * does not start with the prefix.
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
}
