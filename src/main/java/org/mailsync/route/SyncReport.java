package org.mailsync.route;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * What a run tells the user, in the original mailsync's shape (scripts grep it), with every
 * count printed and correct: a block per folder pair in summary mode, one line per action with
 * {@code -m}. It also keeps what decides the exit code: 0 when everything was done, 2 when a
 * message or folder was skipped or failed.
 */
public final class SyncReport {

    /** Exit code of a run that did everything it planned. */
    public static final int OK = 0;
    /** Exit code of a configuration, usage or connection error: nothing (more) was done. */
    public static final int ERROR = 1;
    /** Exit code of a run that finished, but skipped or failed some messages or folders. */
    public static final int INCOMPLETE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean showMessages;
    private final boolean showMessageIds;
    private int problems;
    private int failedPairs;
    private String nameA = "A";
    private String nameB = "B";

    /**
     * @param out            where results go
     * @param err            where errors and warnings go
     * @param showMessages   {@code -m}: a line per action
     * @param showMessageIds {@code -M}: the Message-ID column on those lines
     */
    public SyncReport(PrintStream out, PrintStream err, boolean showMessages, boolean showMessageIds) {
        this.out = out;
        this.err = err;
        this.showMessages = showMessages || showMessageIds;
        this.showMessageIds = showMessageIds;
    }

    /** The start of a sync. */
    public void begin(SyncJob job) {
        nameA = job.a().name();
        nameB = job.b().name();
        out.println("Synchronizing stores \"" + nameA + "\" <-> \"" + nameB + "\"...");
        if (job.simulate()) {
            out.println("Simulating: nothing will be changed.");
        }
    }

    /** The start of diff mode. */
    public void beginDiff(SyncJob job) {
        StoreSide side = job.side(job.diffSide());
        out.println("Comparing store \"" + side.name() + "\" with channel \"" + job.channel() + "\"...");
    }

    /** The start of a folder pair. */
    public void pairBegin(FolderPair pair) {
        if (showMessages) {
            out.println();
            out.println(" *** " + pair.boxname() + " ***");
            out.println();
        }
    }

    /** A line for an action carried out or reported. */
    public void action(FolderPair pair, SyncAction action) {
        if (!showMessages || action.message() == null) {
            return;
        }
        out.println("  " + pad(word(action.type()), 11) + pad(arrow(action), 2) + "  "
                + MessageColumns.of(action.message().meta(), showMessageIds));
    }

    /** The end of a folder pair: its counts. */
    public void pairEnd(PairOutcome outcome) {
        Map<ActionType, int[]> reported = new EnumMap<>(ActionType.class);
        for (SyncAction a : outcome.plan().actions()) {
            if (!a.type().changesStore()) {
                reported.computeIfAbsent(a.type(), t -> new int[2])[a.side().ordinal()]++;
                if (a.type() == ActionType.FOLDER_MISSING) {
                    warning("folder \"" + outcome.pair().boxname() + "\" has vanished from store " + storeName(a.side())
                            + " since the last sync; skipped, nothing deleted (-D removes it on the other side)");
                } else if (a.type() == ActionType.FOLDER_EMPTIED) {
                    warning("folder \"" + outcome.pair().boxname() + "\" on store " + storeName(a.side())
                            + " is empty but held synced messages; deletions not propagated (--allow-emptied to do it)");
                }
            }
        }
        if (outcome.plan().skipped() || !outcome.errors().isEmpty()) {
            problems++;
        }
        List<String> lines = new ArrayList<>();
        for (SyncAction a : outcome.folderActionsDone()) {
            lines.add((a.type() == ActionType.CREATE_FOLDER ? "created on " : "removed on ") + storeName(a.side()) + ".");
        }
        count(lines, outcome.copiedFrom(Side.A), "copied " + nameA + "->" + nameB + ".");
        count(lines, outcome.copiedFrom(Side.B), "copied " + nameB + "->" + nameA + ".");
        count(lines, outcome.deletedOn(Side.A), "deleted on " + nameA + ".");
        count(lines, outcome.deletedOn(Side.B), "deleted on " + nameB + ".");
        for (Side side : Side.values()) {
            int i = side.ordinal();
            String store = storeName(side);
            int duplicates = get(reported, ActionType.DUPLICATE, i);
            if (duplicates > 0) {
                lines.add(plural(duplicates, "duplicate", "duplicates") + " kept on " + store + ".");
            }
            count(lines, get(reported, ActionType.DELETE_PENDING, i), "to delete on " + store + " held back (-n).");
            count(lines, get(reported, ActionType.SKIP_TOO_BIG, i), "too big on " + store + ", not copied.");
            count(lines, get(reported, ActionType.SKIP_DELETED, i), "flagged deleted on " + store + ", not copied.");
            count(lines, get(reported, ActionType.NO_IDENTITY, i), "without Message-ID on " + store + ", not synced.");
        }
        count(lines, outcome.errors().size(), outcome.errors().size() == 1 ? "error." : "errors.");
        int remain = outcome.msinfoAfter().size();
        if (showMessages) {
            out.println();
            lines.forEach(out::println);
            out.println(remain + (remain == 1 ? " message remains in " : " messages remain in ") + outcome.pair().boxname());
        } else {
            out.println(outcome.pair().boxname() + ": ");
            lines.forEach(out::println);
            out.println(remain + (remain == 1 ? " remains." : " remain."));
        }
    }

    /** A folder pair that could not be synced at all (e.g. a folder that cannot be read). */
    public void pairFailed(FolderPair pair, Throwable cause) {
        failedPairs++;
        problems++;
        error("folder \"" + (pair == null ? "?" : pair.boxname()) + "\" skipped: " + cause.getMessage());
    }

    /** An error that does not stop the run. */
    public void error(String message) {
        err.println("Error: " + message);
    }

    /** A warning. */
    public void warning(String message) {
        err.println("Warning: " + message);
    }

    /**
     * A later message under an identity seen before in the folder, in diff mode with
     * {@code -m}: the original's {@code duplicate} line, so that a mailbox can be checked for
     * duplicates without syncing anything.
     */
    public void diffDuplicate(org.mailsync.store.MessageMeta meta) {
        if (showMessages) {
            out.println("  " + pad("duplicate", 11) + "  " + MessageColumns.of(meta, showMessageIds));
        }
    }

    /** The start of one folder's block in diff mode with {@code -m}. */
    public void diffBegin(String boxname) {
        if (showMessages) {
            out.println();
            out.println(" *** " + boxname + " ***");
            out.println();
        }
    }

    /** A line of diff mode: what changed in one folder since the last sync. */
    public void diffLine(String boxname, int duplicates, int added, int deleted, int current, String store) {
        List<String> parts = new ArrayList<>();
        if (duplicates > 0) {
            parts.add(plural(duplicates, "duplicate", "duplicates"));
        }
        if (added > 0) {
            parts.add(added + " new");
        }
        if (deleted > 0) {
            parts.add(deleted + " deleted");
        }
        parts.add(current + " currently at store " + store + ".");
        out.println((showMessages ? "" : boxname + ": ") + String.join(", ", parts));
    }

    /** A plain line of output (list mode). */
    public void line(String text) {
        out.println(text);
    }

    /** Counts a problem that made the run incomplete. */
    public void problem() {
        problems++;
    }

    /** Whether message lines carry the Message-ID column ({@code -M}). */
    public boolean showsMessageIds() {
        return showMessageIds;
    }

    /** The exit code the run earned. */
    public int exitCode() {
        return problems > 0 ? INCOMPLETE : OK;
    }

    private String storeName(Side side) {
        return side == Side.A ? nameA : nameB;
    }

    private static int get(Map<ActionType, int[]> counts, ActionType type, int side) {
        int[] c = counts.get(type);
        return c == null ? 0 : c[side];
    }

    private static void count(List<String> lines, int n, String what) {
        if (n > 0) {
            lines.add(n + " " + what);
        }
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
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

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
