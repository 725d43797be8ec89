package org.mailsync.check;

import java.util.List;

/**
 * What a check found for one boxname: its folder on each store that has it, and for a channel
 * the msinfo entries of that boxname that match no message.
 *
 * @param boxname the boxname
 * @param folders the folder on each store that has it (side A first)
 * @param state   a problem per stale msinfo entry; empty for a store check
 */
public record PairCheck(String boxname, List<CheckedFolder> folders, List<Finding> state) {

    public PairCheck {
        folders = List.copyOf(folders);
        state = List.copyOf(state);
    }
}
