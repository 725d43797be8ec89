package org.mailsync.report;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.mailsync.store.MessageMeta;
import org.mailsync.sync.ActionType;
import org.mailsync.sync.DeletionLimit;
import org.mailsync.sync.DeletionsHeld;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncAction;

/**
 * What a run tells the user, in the original mailsync's shape (scripts grep it), with every
 * count printed and correct: a block per folder pair in summary mode, one line per action with
 * {@code -m}, on a {@link Console} (silent for a run whose result is only its report). It also
 * keeps what decides the exit code — 0 when everything was done, 2 when a message or folder was
 * skipped or failed — and records everything it says as the run's {@link RunReport}.
 *
 * <p><b>Folder pairs side by side.</b> Pairs may be synced at once, yet the output must be
 * what a sync of one pair after another prints, byte for byte (scripts and the differential
 * tests against the original read it). So each pair reports to a {@linkplain
 * #pairSection(int) section} of the run's report, by its position in folder order
 * ({@link PairSections}): the section of the earliest pair not yet finished prints as it goes,
 * and every later one keeps its lines (output, errors, warnings, and what goes into the
 * {@link RunReport}) until all earlier pairs are printed. A warning said "once per run" is said
 * by the first pair in folder order that says it, as in a sequential run. With one pair at a time nothing is ever held back.
 *
 * <p>Safe for use by several threads: everything goes through the run's one lock.
 */
public final class SyncReport {

    /** Exit code of a run that did everything it planned. */
    public static final int OK = 0;
    /** Exit code of a configuration, usage or connection error: nothing (more) was done. */
    public static final int ERROR = 1;
    /** Exit code of a run that finished, but skipped or failed some messages or folders. */
    public static final int INCOMPLETE = 2;

    private final Run run;
    /** This folder pair's part of the run, or null for the run's own report. */
    private final PairSections.Section<Run> section;

    /**
     * @param console        where the text output goes ({@link Console#silent()} for none)
     * @param showMessages   {@code -m}: a line per action
     * @param showMessageIds {@code -M}: the Message-ID column on those lines
     */
    public SyncReport(Console console, boolean showMessages, boolean showMessageIds) {
        this(new Run(console, showMessages || showMessageIds, showMessageIds), null);
    }

    private SyncReport(Run run, PairSections.Section<Run> section) {
        this.run = run;
        this.section = section;
    }

    /**
     * The report of the folder pair at a position of the run (0 for the first pair in folder
     * order): what is said through it is printed and recorded in that order, once every pair
     * before it is done (see the class comment). It must be {@linkplain #closeSection()
     * closed} when the pair ends, whatever its end, or the pairs after it are printed only at
     * the end of the run.
     *
     * @throws IllegalStateException a section of that position is open already
     */
    public SyncReport pairSection(int position) {
        synchronized (run) {
            return new SyncReport(run, run.sections.open(position));
        }
    }

    /**
     * The end of this folder pair's section: it is printed now if every earlier pair is, and
     * so are the later pairs that finished meanwhile. Nothing for the run's own report, and
     * nothing the second time.
     */
    public void closeSection() {
        if (section != null) {
            synchronized (run) {
                run.sections.close(section);
            }
        }
    }

    /** The start of a sync of two stores. */
    public void begin(String channel, String storeA, String storeB, boolean simulate) {
        emit(r -> r.begin(channel, storeA, storeB, simulate));
    }

    /** The start of diff mode. */
    public void beginDiff(String channel, String store) {
        emit(r -> r.beginDiff(channel, store));
    }

    /** The start of {@code mailsync undo}: restoring a channel's deletions ({@code listOnly}: {@code -s}). */
    public void beginUndo(String channel, String storeA, String storeB, boolean listOnly) {
        emit(r -> r.beginUndo(channel, storeA, storeB, listOnly));
    }

    /** The start of list mode. */
    public void beginList(String store) {
        emit(r -> r.beginList(store));
    }

    /** The start of a check of a store ({@code channel} null) or of a channel and its stores. */
    public void beginCheck(String channel, List<String> stores) {
        emit(r -> r.beginCheck(channel, stores));
    }

    /**
     * The start of {@code mailsync migrate}: a one-way copy from {@code source} to
     * {@code target} ({@code verifyOnly}: {@code --verify-only}, nothing copied).
     */
    public void beginMigrate(String source, String target, boolean verifyOnly) {
        emit(r -> r.beginMigrate(source, target, verifyOnly));
    }

    /** Counts messages a migration copied (the report's {@code copied}). */
    public void countCopied(int messages) {
        emit(r -> r.copied += messages);
    }

    /** A folder found in list mode. */
    public void listed(String boxname, int messages) {
        emit(r -> r.folders.add(new FolderReport(boxname, 0, 0, 0, 0, 0, 0, 0, 0, 0, messages, List.of(), List.of(),
                false)));
    }

    /**
     * {@code mailsync undo}: one folder's messages restored on a store (with {@code -s}: those
     * that would be), for the {@link RunReport} only (the restorer prints its own lines): an
     * action {@code RESTORE} each, and the folder's count.
     */
    public void restored(String boxname, String store, List<String> identities) {
        emit(r -> {
            identities.forEach(id -> r.actions.add(new ActionReport(boxname, "RESTORE", store, id)));
            r.folders.add(new FolderReport(boxname, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), false,
                    identities.size()));
        });
    }

    /** The start of a folder pair. */
    public void pairBegin(String boxname) {
        emit(r -> r.pairBegin(boxname));
    }

    /** A line for an action carried out or reported. */
    public void action(String boxname, SyncAction action) {
        emit(r -> r.action(boxname, action));
    }

    /** The end of a folder pair: its counts. */
    public void pairEnd(PairOutcome outcome) {
        emit(r -> r.pairEnd(outcome));
    }

    /** A folder pair that could not be synced at all (e.g. a folder that cannot be read). */
    public void pairFailed(String boxname, Throwable cause) {
        String error = "folder \"" + (boxname == null ? "?" : boxname) + "\" skipped: " + cause.getMessage();
        emit(r -> r.pairFailed(boxname, error));
    }

    /** An error that does not stop the run (its code is told by its wording: {@link IssueCodes#ofError}). */
    public void error(String message) {
        emit(r -> r.error(message));
    }

    /** An error that does not stop the run, with its code ({@link IssueCodes}) and folder (or null). */
    public void error(String code, String boxname, String message) {
        emit(r -> r.error(code, boxname, message));
    }

    /** A warning said once per run for each key, however often it happens. */
    public void warnOnce(String key, String message) {
        // Decided when the line's turn comes, so that the first pair in folder order says it.
        emit(r -> {
            if (r.warnedOnce.add(key)) {
                r.warning(message);
            }
        });
    }

    /** A warning (its code is told by its wording: {@link IssueCodes#ofWarning}). */
    public void warning(String message) {
        emit(r -> r.warning(message));
    }

    /** A warning with its code ({@link IssueCodes}) and folder (or null). */
    public void warning(String code, String boxname, String message) {
        emit(r -> r.warning(code, boxname, message));
    }

    /**
     * A finding of {@code mailsync check}, for the {@link RunReport} only: its line is printed
     * through {@link #line} by the caller, in the check's own shape.
     *
     * @param problem whether it is a problem (not a note)
     */
    public void finding(String folder, boolean problem, String place, String text) {
        emit(r -> r.findings.add(new FindingReport(folder, problem ? "problem" : "note", place, text)));
    }

    /** The run's progress listener (the console's; {@link Progress#NONE} unless a terminal shows it). */
    public Progress progress() {
        return run.progress;
    }

    /**
     * A later message under an identity seen before in the folder, in diff mode with
     * {@code -m}: the original's {@code duplicate} line, so that a mailbox can be checked for
     * duplicates without syncing anything.
     */
    public void diffDuplicate(MessageMeta meta) {
        emit(r -> r.diffDuplicate(meta));
    }

    /** The start of one folder's block in diff mode with {@code -m}. */
    public void diffBegin(String boxname) {
        emit(r -> r.pairBegin(boxname));
    }

    /** A line of diff mode: what changed in one folder since the last sync. */
    public void diffLine(String boxname, int duplicates, int added, int deleted, int current, String store) {
        emit(r -> r.diffLine(boxname, duplicates, added, deleted, current, store));
    }

    /** A plain line of output (list mode). */
    public void line(String text) {
        emit(r -> r.out.println(text));
    }

    /** Counts a problem that made the run incomplete. */
    public void problem() {
        emit(r -> r.problems++);
    }

    /** The problems counted so far (those of sections not printed yet aside). */
    public int problems() {
        synchronized (run) {
            return run.problems;
        }
    }

    /** Whether message lines carry the Message-ID column ({@code -M}). */
    public boolean showsMessageIds() {
        return run.showMessageIds;
    }

    /** The exit code the run earned; the end of the run (every section is printed first). */
    public int exitCode() {
        synchronized (run) {
            run.sections.flushAll();
            return run.exitCode();
        }
    }

    /** The run as a {@link RunReport}, with the exit code it earned so far; the end of the run (as {@link #exitCode()}). */
    public RunReport toRunReport() {
        synchronized (run) {
            run.sections.flushAll();
            return new RunReport(run.operation, run.channel, run.stores, run.simulated, run.started.toString(),
                    java.time.Duration.between(run.started, Instant.now()).toMillis(), run.exitCode(), run.copied,
                    run.deleted, run.failed, List.copyOf(run.folders), List.copyOf(run.actions), List.copyOf(run.errors),
                    List.copyOf(run.warnings), List.copyOf(run.issues), List.copyOf(run.findings));
        }
    }

    /** Prints and records now, or keeps it for when this section's turn comes. */
    private void emit(Consumer<Run> entry) {
        synchronized (run) {
            run.sections.emit(section, entry);
        }
    }

    /**
     * The run's output and record: what the original's text says, in order, and the counts.
     * Only touched under its own lock (every method of the outer class takes it).
     */
    private static final class Run {
        final PrintStream out;
        final PrintStream err;
        final boolean showMessages;
        final boolean showMessageIds;
        final Instant started = Instant.now();
        final List<FolderReport> folders = new ArrayList<>();
        final List<ActionReport> actions = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<IssueReport> issues = new ArrayList<>();
        final List<FindingReport> findings = new ArrayList<>();
        final Progress progress;
        final Set<String> warnedOnce = new HashSet<>();
        /** The folder pairs' sections of the run, printed in folder order. */
        final PairSections<Run> sections = new PairSections<>(this);
        String operation = "sync";
        String channel;
        List<String> stores = List.of();
        boolean simulated;
        int problems;
        int copied;
        int deleted;
        int failed;
        String nameA = "A";
        String nameB = "B";

        Run(Console console, boolean showMessages, boolean showMessageIds) {
            this.out = console.out();
            this.err = console.err();
            this.progress = console.progress();
            this.showMessages = showMessages;
            this.showMessageIds = showMessageIds;
        }

        int exitCode() {
            return problems > 0 ? INCOMPLETE : OK;
        }

        void begin(String channel, String storeA, String storeB, boolean simulate) {
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

        void beginDiff(String channel, String store) {
            this.operation = "diff";
            this.channel = channel;
            this.stores = List.of(store);
            this.simulated = true;
            out.println("Comparing store \"" + store + "\" with channel \"" + channel + "\"...");
        }

        void beginUndo(String channel, String storeA, String storeB, boolean listOnly) {
            this.operation = "undo";
            this.channel = channel;
            this.stores = List.of(storeA, storeB);
            this.simulated = listOnly;
            out.println("Restoring the deletions of channel \"" + channel + "\" (\"" + storeA + "\" <-> \"" + storeB
                    + "\")...");
            if (listOnly) {
                out.println("Listing only: nothing will be changed.");
            }
        }

        void beginCheck(String checkedChannel, List<String> checkedStores) {
            this.operation = "check";
            this.channel = checkedChannel;
            this.stores = List.copyOf(checkedStores);
            this.simulated = true;
            out.println(checkedChannel == null ? "Checking store \"" + checkedStores.get(0) + "\"..."
                    : "Checking channel \"" + checkedChannel + "\" (stores " + String.join(", ", checkedStores) + ")...");
        }

        void beginMigrate(String source, String target, boolean verifyOnly) {
            this.operation = "migrate";
            this.stores = List.of(source, target);
            this.simulated = verifyOnly;
            out.println(verifyOnly ? "Verifying store \"" + target + "\" against store \"" + source + "\" (nothing is copied)..."
                    : "Migrating store \"" + source + "\" to store \"" + target + "\"...");
        }

        void beginList(String store) {
            this.operation = "list";
            this.stores = List.of(store);
            this.simulated = true;
            out.println("Listing store \"" + store + "\"");
        }

        void pairBegin(String boxname) {
            if (showMessages) {
                out.println();
                out.println(" *** " + boxname + " ***");
                out.println();
            }
        }

        void action(String boxname, SyncAction action) {
            actions.add(new ActionReport(boxname, action.type().name(), storeName(action.side()),
                    action.message() == null ? null : action.identity()));
            if (!showMessages || action.message() == null) {
                return;
            }
            out.println(ActionLine.of(action, showMessageIds));
        }

        void pairEnd(PairOutcome outcome) {
            Map<ActionType, int[]> reported = new EnumMap<>(ActionType.class);
            for (SyncAction a : outcome.plan().actions()) {
                if (!a.type().changesStore()) {
                    reported.computeIfAbsent(a.type(), t -> new int[2])[a.side().ordinal()]++;
                    if (a.type() == ActionType.FOLDER_MISSING) {
                        warning(IssueCodes.FOLDER_VANISHED, outcome.boxname(), "folder \"" + outcome.boxname()
                                + "\" has vanished from store " + storeName(a.side())
                                + " since the last sync; skipped, nothing deleted (-D removes it on the other side)");
                    } else if (a.type() == ActionType.DELETIONS_HELD) {
                        deletionsHeld(outcome.boxname(), outcome.plan().deletionsHeldOn(a.side()));
                    }
                }
            }
            if (outcome.plan().skipped() || !outcome.errors().isEmpty() || !outcome.plan().deletionsHeld().isEmpty()) {
                problems++;
            }
            List<String> lines = PairSummary.lines(outcome, reported, nameA, nameB);
            int remain = outcome.remainCount();
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

        /**
         * SEMANTICS.md "Deletions users can trust": says which folder, which side, how many of
         * how many, and how to proceed; the run is incomplete (exit 2) until the user decides.
         */
        void deletionsHeld(String boxname, DeletionsHeld held) {
            DeletionLimit limit = held.limit();
            if (limit.storeEmptied()) {
                warning(IssueCodes.DELETIONS_HELD, boxname, "folder \"" + boxname + "\": " + held.deletions() + " of "
                        + held.remembered() + " synced messages"
                        + " were deleted on store " + storeName(held.side().other()) + ", which holds no messages at all now"
                        + " (every synced folder of it is empty); not deleting them on store " + storeName(held.side())
                        + ". If that store was emptied on purpose, run with --force-deletions");
                return;
            }
            warning(IssueCodes.DELETIONS_HELD, boxname, "folder \"" + boxname + "\": " + held.deletions() + " of "
                    + held.remembered() + " synced messages were"
                    + " deleted on store " + storeName(held.side().other()) + "; not deleting them on store "
                    + storeName(held.side()) + " (more than maxdelete " + limit + " allows: " + limit.percent()
                    + "% and " + limit.floor() + "). To delete them, run with --force-deletions or raise the channel's"
                    + " maxdelete");
        }

        void pairFailed(String boxname, String error) {
            problems++;
            failed++;
            folders.add(new FolderReport(boxname, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(error), true));
            error(IssueCodes.FOLDER_FAILED, boxname, error);
        }

        void error(String message) {
            error(IssueCodes.ofError(message), null, message);
        }

        void error(String code, String boxname, String message) {
            errors.add(message);
            issues.add(new IssueReport(code, IssueReport.ERROR, boxname, message));
            err.println("Error: " + message);
        }

        void warning(String message) {
            warning(IssueCodes.ofWarning(message), null, message);
        }

        void warning(String code, String boxname, String message) {
            warnings.add(message);
            issues.add(new IssueReport(code, IssueReport.WARNING, boxname, message));
            err.println("Warning: " + message);
        }

        void diffDuplicate(MessageMeta meta) {
            if (showMessages) {
                out.println("  " + ActionLine.pad("duplicate", 11) + "  " + MessageColumns.of(meta, showMessageIds));
            }
        }

        void diffLine(String boxname, int duplicates, int added, int deleted, int current, String store) {
            folders.add(new FolderReport(boxname, 0, 0, 0, 0, duplicates, 0, 0, added, deleted, current, List.of(),
                    List.of(), false));
            List<String> parts = new ArrayList<>();
            if (duplicates > 0) {
                parts.add(PairSummary.plural(duplicates, "duplicate", "duplicates"));
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

        private void record(PairOutcome outcome, Map<ActionType, int[]> reported, int remain) {
            int skipped = 0;
            for (ActionType type : List.of(ActionType.SKIP_TOO_BIG, ActionType.SKIP_DELETED, ActionType.NO_IDENTITY)) {
                skipped += PairSummary.get(reported, type, 0) + PairSummary.get(reported, type, 1);
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
                    PairSummary.get(reported, ActionType.DUPLICATE, 0) + PairSummary.get(reported, ActionType.DUPLICATE, 1),
                    PairSummary.get(reported, ActionType.DELETE_PENDING, 0) + PairSummary.get(reported, ActionType.DELETE_PENDING, 1)
                            + outcome.plan().deletionsHeld().stream().mapToInt(DeletionsHeld::deletions).sum(), skipped, 0, 0,
                    remain, folderActions, outcome.errors(), outcome.plan().skipped()));
        }

        private String storeName(Side side) {
            return side == Side.A ? nameA : nameB;
        }
    }
}
