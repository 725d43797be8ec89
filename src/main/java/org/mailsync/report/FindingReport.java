package org.mailsync.report;

/**
 * One finding of {@code mailsync check}, as its line says it: which folder, which message, what
 * is wrong, and whether it is a problem (exit 2) or a note.
 *
 * @param folder   the folder as the check names it ({@code INBOX}, {@code INBOX on laptop} for a
 *                 channel, {@code INBOX (msinfo)} for stale msinfo entries)
 * @param severity {@code problem} or {@code note}
 * @param place    the message or file ({@code cur/NAME}, {@code message at byte 1234}, {@code UID 7}),
 *                 or null when it is about the folder
 * @param text     what is wrong
 */
public record FindingReport(String folder, String severity, String place, String text) {
}
