package org.mailsync.check;

/**
 * One thing a check found in a folder.
 *
 * @param severity whether it makes the check fail
 * @param place    the message or file it is about, as the folder's kind names it ({@code cur/NAME},
 *                 {@code message at byte 1234}, {@code message 12}, {@code UID 7}), or null when it
 *                 is about the folder as a whole
 * @param text     what is wrong, as a sentence without a final full stop
 */
public record Finding(Severity severity, String place, String text) {

    /** How much a finding matters. */
    public enum Severity {
        /** Something is wrong: the check exits 2. */
        PROBLEM,
        /** Worth knowing, but the format allows it and readers cope: the exit code is unchanged. */
        NOTE
    }

    /** A problem with a message or file. */
    public static Finding problem(String place, String text) {
        return new Finding(Severity.PROBLEM, place, text);
    }

    /** A note about a message, a file or (place null) the folder. */
    public static Finding note(String place, String text) {
        return new Finding(Severity.NOTE, place, text);
    }

    /** Whether the check fails for it. */
    public boolean isProblem() {
        return severity == Severity.PROBLEM;
    }
}
