package org.mailsync.report;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.mailsync.store.MessageMeta;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * What a run tells the user, in the original mailsync's shape (scripts grep it), with every
 * count printed and correct: a block per folder pair in summary mode, one line per action with
 * {@code -m}, on a {@link Console} (silent for a run whose result is only its report). It also
 * keeps what decides the exit code — 0 when everything was done, 2 when a message or folder was
 * skipped or failed — and records everything it says as the run's {@link RunReport}.
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
    private final Instant started = Instant.now();
    private final List<FolderReport> folders = new ArrayList<>();
    private final List<ActionReport> actions = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final java.util.Set<String> warnedOnce = new java.util.HashSet<>();
    private String operation = "sync";
    private String channel;
    private List<String> stores = List.of();
    private boolean simulated;
    private int problems;
    private int copied;
    private int deleted;
    private int failed;
    private String nameA = "A";
    private String nameB = "B";

    /**
     * @param console        where the text output goes ({@link Console#silent()} for none)
     * @param showMessages   {@code -m}: a line per action
     * @param showMessageIds {@code -M}: the Message-ID column on those lines
     */
    public SyncReport(Console console, boolean showMessages, boolean showMessageIds) {
        this.out = console.out();
        this.err = console.err();
        this.showMessages = showMessages || showMessageIds;
        this.showMessageIds = showMessageIds;
    }

    /** The start of a sync of two stores. */
    public synchronized void begin(String channel, String storeA, String storeB, boolean simulate) {
        this.operation = "sync";
        this.channel = channel;
        this.stores = List.of(storeA, storeB);
        this.simulated = simulate;
        nameA = storeA;
        nameB = storeB;
        out.println("Synchronizing stores \"" + nameA + "\" <-> \"" + nameB + "\"...");
        if (simulate) {
            out.println("Simulating: nothing will be changed.");
        }
    }

    /** The start of diff mode. */
    public synchronized void beginDiff(String channel, String store) {
        this.operation = "diff";
        this.channel = channel;
        this.stores = List.of(store);
        this.simulated = true;
        out.println("Comparing store \"" + store + "\" with channel \"" + channel + "\"...");
    }

    /** The start of list mode. */
    public synchronized void beginList(String store) {
        this.operation = "list";
        this.stores = List.of(store);
        this.simulated = true;
        out.println("Listing store \"" + store + "\"");
    }

    /** A folder found in list mode. */
    public synchronized void listed(String boxname, int messages) {
        folders.add(new FolderReport(boxname, 0, 0, 0, 0, 0, 0, 0, 0, 0, messages, List.of(), List.of(), false));
    }

    /** The start of a folder pair. */
    public synchronized void pairBegin(String boxname) {
        if (showMessages) {
            out.println();
            out.println(" *** " + boxname + " ***");
            out.println();
        }
    }

    /** A line for an action carried out or reported. */
    public synchronized void action(String boxname, SyncAction action) {
        actions.add(new ActionReport(boxname, action.type().name(), storeName(action.side()),
                action.message() == null ? null : action.identity()));
        if (!showMessages || action.message() == null) {
            return;
        }
        out.println("  " + pad(word(action.type()), 11) + pad(arrow(action), 2) + "  "
                + MessageColumns.of(action.message().meta(), showMessageIds));
    }

    /** The end of a folder pair: its counts. */
    public synchronized void pairEnd(PairOutcome outcome) {
        Map<ActionType, int[]> reported = new EnumMap<>(ActionType.class);
        for (SyncAction a : outcome.plan().actions()) {
            if (!a.type().changesStore()) {
                reported.computeIfAbsent(a.type(), t -> new int[2])[a.side().ordinal()]++;
                if (a.type() == ActionType.FOLDER_MISSING) {
                    warning("folder \"" + outcome.boxname() + "\" has vanished from store " + storeName(a.side())
                            + " since the last sync; skipped, nothing deleted (-D removes it on the other side)");
                } else if (a.type() == ActionType.FOLDER_EMPTIED) {
                    warning("folder \"" + outcome.boxname() + "\" on store " + storeName(a.side())
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
        record(outcome, reported, remain);
        if (showMessages) {
            out.println();
            lines.forEach(out::println);
            out.println(remain + (remain == 1 ? " message remains in " : " messages remain in ") + outcome.boxname());
        } else {
            out.println(outcome.boxname() + ": ");
            lines.forEach(out::println);
            out.println(remain + (remain == 1 ? " remains." : " remain."));
        }
    }

    /** A folder pair that could not be synced at all (e.g. a folder that cannot be read). */
    public synchronized void pairFailed(String boxname, Throwable cause) {
        problems++;
        failed++;
        String error = "folder \"" + (boxname == null ? "?" : boxname) + "\" skipped: " + cause.getMessage();
        folders.add(new FolderReport(boxname, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(error), true));
        error(error);
    }

    /** An error that does not stop the run. */
    public synchronized void error(String message) {
        errors.add(message);
        err.println("Error: " + message);
    }

    /** A warning said once per run for each key, however often it happens. */
    public synchronized void warnOnce(String key, String message) {
        if (warnedOnce.add(key)) {
            warning(message);
        }
    }

    /** A warning. */
    public synchronized void warning(String message) {
        warnings.add(message);
        err.println("Warning: " + message);
    }

    /**
     * A later message under an identity seen before in the folder, in diff mode with
     * {@code -m}: the original's {@code duplicate} line, so that a mailbox can be checked for
     * duplicates without syncing anything.
     */
    public synchronized void diffDuplicate(MessageMeta meta) {
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
    public synchronized void diffLine(String boxname, int duplicates, int added, int deleted, int current, String store) {
        folders.add(new FolderReport(boxname, 0, 0, 0, 0, duplicates, 0, 0, added, deleted, current, List.of(), List.of(),
                false));
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
    public synchronized void problem() {
        problems++;
    }

    /** Whether message lines carry the Message-ID column ({@code -M}). */
    public boolean showsMessageIds() {
        return showMessageIds;
    }

    /** The exit code the run earned. */
    public synchronized int exitCode() {
        return problems > 0 ? INCOMPLETE : OK;
    }

    /** The run as a {@link RunReport}, with the exit code it earned so far. */
    public synchronized RunReport toRunReport() {
        return new RunReport(operation, channel, stores, simulated, started.toString(),
                java.time.Duration.between(started, Instant.now()).toMillis(), exitCode(), copied, deleted,
                failed, List.copyOf(folders), List.copyOf(actions), List.copyOf(errors), List.copyOf(warnings));
    }

    private void record(PairOutcome outcome, Map<ActionType, int[]> reported, int remain) {
        int skipped = 0;
        for (ActionType type : List.of(ActionType.SKIP_TOO_BIG, ActionType.SKIP_DELETED, ActionType.NO_IDENTITY)) {
            skipped += get(reported, type, 0) + get(reported, type, 1);
        }
        List<String> folderActions = new ArrayList<>();
        for (SyncAction a : outcome.folderActionsDone()) {
            folderActions.add((a.type() == ActionType.CREATE_FOLDER ? "created on " : "removed on ") + storeName(a.side()));
        }
        int pairCopied = outcome.copiedFrom(Side.A) + outcome.copiedFrom(Side.B);
        int pairDeleted = outcome.deletedOn(Side.A) + outcome.deletedOn(Side.B);
        copied += pairCopied;
        deleted += pairDeleted;
        failed += outcome.errors().size();
        folders.add(new FolderReport(outcome.boxname(), outcome.copiedFrom(Side.A), outcome.copiedFrom(Side.B),
                outcome.deletedOn(Side.A), outcome.deletedOn(Side.B),
                get(reported, ActionType.DUPLICATE, 0) + get(reported, ActionType.DUPLICATE, 1),
                get(reported, ActionType.DELETE_PENDING, 0) + get(reported, ActionType.DELETE_PENDING, 1), skipped, 0, 0,
                remain, folderActions, outcome.errors(), outcome.plan().skipped()));
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
