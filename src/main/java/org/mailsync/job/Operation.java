package org.mailsync.job;

import java.util.Locale;

/** What a {@code mailsync:} request does. */
public enum Operation {
    /** Sync the two stores of a channel. */
    SYNC,
    /** Show what changed in one store of a channel since its last sync; changes nothing. */
    DIFF,
    /** List a store's folders (and messages); changes nothing. */
    LIST,
    /** Check a store's or a channel's folders for faults and duplicates; changes nothing unless asked to fix duplicates. */
    CHECK,
    /** Restore the deletions of a channel's last run (or of runs since a time) from its trash. */
    UNDO,
    /** Copy every folder of one store into another, one way, reading the source only ({@code mailsync migrate}). */
    MIGRATE;

    /** The operation of a name as written in a URI or header ({@code sync}, {@code diff}, {@code list}). */
    public static Operation of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("operation \"" + name + "\" is not one of sync, diff, list, check, undo, migrate", e);
        }
    }

    /** The name as written in URIs and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
