package org.mailsync.report;

import java.util.ArrayList;
import java.util.List;

import org.mailsync.store.FlagChange;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.FlagState;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * The {@code -m} line of one action, in the original's shape: the action's word (11 wide), an
 * arrow (2 wide), then the message's columns ({@link MessageColumns}). A flag change puts the
 * change itself ({@code +\Seen -$Junk}) before the columns.
 */
final class ActionLine {

    private ActionLine() {
    }

    /** The whole line, indented as the original indents it. */
    static String of(SyncAction action, boolean showMessageIds) {
        String change = action.change() == null ? "" : describe(action.change()) + "  ";
        return "  " + pad(word(action.type()), 11) + pad(arrow(action), 2) + "  " + change
                + MessageColumns.of(action.message().meta(), showMessageIds);
    }

    /** A flag change as IMAP spells flags: {@code +\Seen +$Work -\Flagged}. */
    static String describe(FlagChange change) {
        List<String> parts = new ArrayList<>();
        change.add().forEach(f -> parts.add("+" + FlagState.imapName(f)));
        change.addKeywords().forEach(k -> parts.add("+" + k));
        change.remove().forEach(f -> parts.add("-" + FlagState.imapName(f)));
        change.removeKeywords().forEach(k -> parts.add("-" + k));
        return String.join(" ", parts);
    }

    private static String word(ActionType type) {
        return switch (type) {
            case COPY -> "copied";
            case DELETE -> "deleted";
            case DELETE_DUPLICATE -> "del. dup.";
            case DUPLICATE -> "duplicate";
            case DELETE_PENDING -> "kept (-n)";
            case SKIP_TOO_BIG -> "too big";
            case SKIP_DELETED -> "ign. del";
            case NO_IDENTITY -> "no msgid";
            case SET_FLAGS -> "flags";
            default -> type.name().toLowerCase();
        };
    }

    /** {@code ->}/{@code <-} for a copy's direction; {@code >}/{@code <} for the side acted on (B/A). */
    private static String arrow(SyncAction action) {
        boolean onA = action.side() == Side.A;
        return switch (action.type()) {
            case COPY, SKIP_TOO_BIG -> onA ? "->" : "<-";
            case SKIP_DELETED -> onA ? ">" : "<";
            default -> onA ? "<" : ">";
        };
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
