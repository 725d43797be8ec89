package org.mailsync.report;

/**
 * The stable codes of a run's errors and warnings ({@link IssueReport#code()}), and the
 * classification of a line said without one. Codes are part of the JSON schema
 * (docs/JSON.md): new ones may be added, none is ever renamed or given another meaning.
 *
 * <p>Most lines come from beans that say only the text. Their wording is stable (scripts grep
 * the original's output, and the tests pin it), so a line is classified by how it starts; a
 * line no rule knows gets the generic {@link #ERROR} or {@link #WARNING}, never a wrong code.
 */
public final class IssueCodes {

    /** A folder pair could not be synced, or was given up part way (the rest is left for the next run). */
    public static final String FOLDER_FAILED = "FOLDER_FAILED";
    /** A message could not be copied, deleted, or have its flags changed. */
    public static final String MESSAGE_FAILED = "MESSAGE_FAILED";
    /** A folder could not be created or removed. */
    public static final String FOLDER_ACTION_FAILED = "FOLDER_ACTION_FAILED";
    /** {@code mailsync undo}: a message could not be restored. */
    public static final String RESTORE_FAILED = "RESTORE_FAILED";
    /** Before the run: the config file is missing or wrong, or names no such channel or store. */
    public static final String CONFIG = "CONFIG";
    /** Before the run: the command line is wrong. */
    public static final String USAGE = "USAGE";
    /** Before the run: a store could not be reached, logged in to or opened. */
    public static final String CONNECTION = "CONNECTION";
    /** Before the run: the channel's state (msinfo) cannot be read or written. */
    public static final String STATE = "STATE";
    /** Before the run: another run of the channel holds its lock. */
    public static final String BUSY = "BUSY";
    /** Any other error. */
    public static final String ERROR = "ERROR";

    /** Deletions held back by the deletion circuit breaker (maxdelete, an emptied store). */
    public static final String DELETIONS_HELD = "DELETIONS_HELD";
    /** A folder vanished from one store since the last sync; skipped, nothing deleted. */
    public static final String FOLDER_VANISHED = "FOLDER_VANISHED";
    /** A folder whose name is refused (it would mix with another folder's mail); skipped. */
    public static final String FOLDER_NAME_REFUSED = "FOLDER_NAME_REFUSED";
    /** The trash could not be purged of old deletions. */
    public static final String TRASH_PURGE_FAILED = "TRASH_PURGE_FAILED";
    /** A user's route at an extension point failed. */
    public static final String ROUTE_FAILED = "ROUTE_FAILED";
    /** mailsync is stopping: folder pairs not started are left for the next run. */
    public static final String STOPPING = "STOPPING";
    /** A message was restored but its copy stays in the trash. */
    public static final String TRASH_COPY_KEPT = "TRASH_COPY_KEPT";
    /** Any other warning (e.g. a server taking fewer connections than asked for). */
    public static final String WARNING = "WARNING";

    private IssueCodes() {
    }

    /** The code of an error line said without one. */
    public static String ofError(String message) {
        if (message.startsWith("cannot copy message") || message.startsWith("cannot delete ")
                || message.startsWith("cannot change the flags")) {
            return message.endsWith("is left for the next run") ? FOLDER_FAILED : MESSAGE_FAILED;
        }
        if (message.startsWith("cannot create folder") || message.startsWith("cannot remove folder")) {
            return FOLDER_ACTION_FAILED;
        }
        if (message.startsWith("folder \"")) {
            // "folder "X": message M ...": one message of the folder (migrate's copy and verification)
            return message.matches("(?s)folder \".*?\": message .*") ? MESSAGE_FAILED : FOLDER_FAILED;
        }
        if (message.contains(" cannot be restored on ")) {
            return RESTORE_FAILED;
        }
        return ERROR;
    }

    /** The code of a warning line said without one. */
    public static String ofWarning(String message) {
        if (message.startsWith("store ") && message.contains(" skipped: its name")) {
            return FOLDER_NAME_REFUSED;
        }
        if (message.startsWith("the trash could not be purged")) {
            return TRASH_PURGE_FAILED;
        }
        if (message.startsWith("a route on ")) {
            return ROUTE_FAILED;
        }
        if (message.startsWith("mailsync is stopping")) {
            return STOPPING;
        }
        if (message.contains(" restored, but its copy stays in the trash")) {
            return TRASH_COPY_KEPT;
        }
        return WARNING;
    }
}
