package org.mailsync.check;

import java.util.List;

import org.mailsync.report.SyncReport;

/**
 * Prints a check's findings, one block per folder in the shape of diff mode: a headline
 * ({@code INBOX: 4 messages, 2 problems.}), then a line per finding naming the folder, the
 * message and what is wrong ({@code   problem   INBOX cur/1600000000.M1P1Q1.host:2,SX: bad
 * info suffix ...}). Every problem counts towards the run's exit code (2).
 */
public final class CheckPrinter {

    private final SyncReport report;
    private final boolean channel;

    /**
     * @param report  where the lines go
     * @param channel whether a channel is checked: folder labels then name their store
     */
    public CheckPrinter(SyncReport report, boolean channel) {
        this.report = report;
        this.channel = channel;
    }

    /** A boxname's block: each store's folder, then its stale msinfo entries. */
    public void print(PairCheck pair) {
        for (CheckedFolder folder : pair.folders()) {
            String label = channel ? folder.boxname() + " on " + folder.store() : folder.boxname();
            block(label, folder.messages().size() + " " + (folder.messages().size() == 1 ? "message" : "messages"),
                    folder.findings());
            for (String removed : folder.removed()) {
                report.line("  " + column("removed", 9) + " " + label + " " + removed);
            }
            report.listed(label, folder.messages().size());
        }
        if (!pair.state().isEmpty()) {
            block(pair.boxname() + " (msinfo)", count(pair.state().size(), "stale entry", "stale entries"),
                    pair.state());
        }
    }

    /** A file of a local store that is no mailbox. */
    public void stray(String store, String name, Finding finding) {
        block(channel ? name + " on " + store : name, "not a mailbox", List.of(finding));
    }

    /** The last line: how many problems in how many folders. */
    public void summary(int folders, int problems, int removed) {
        String checked = "Checked " + count(folders, "folder", "folders") + ": ";
        report.line(checked + (problems == 0 ? "no problems." : count(problems, "problem", "problems") + " found.")
                + (removed > 0 ? " Removed " + count(removed, "identical copy", "identical copies") + "." : ""));
    }

    private void block(String label, String what, List<Finding> findings) {
        long problems = findings.stream().filter(Finding::isProblem).count();
        long notes = findings.size() - problems;
        StringBuilder head = new StringBuilder(label).append(": ").append(what);
        if (problems == 0 && notes == 0) {
            head.append(", clean");
        }
        if (problems > 0) {
            head.append(", ").append(count((int) problems, "problem", "problems"));
        }
        if (notes > 0) {
            head.append(", ").append(count((int) notes, "note", "notes"));
        }
        report.line(head.append('.').toString());
        for (Finding f : findings) {
            report.line("  " + column(f.isProblem() ? "problem" : "note", 9) + " " + label
                    + (f.place() == null ? "" : " " + f.place()) + ": " + f.text());
            report.finding(label, f.isProblem(), f.place(), f.text()); // the same, for the RunReport (--json)
            if (f.isProblem()) {
                report.problem();
            }
        }
    }

    /** The kind of a line in a column as wide as diff mode's ({@code problem  }, {@code removed  }). */
    private static String column(String kind, int width) {
        return kind.length() >= width ? kind : kind + " ".repeat(width - kind.length());
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
