package org.mailsync.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Folder pairs synced side by side, reported one after another: each pair reports to a section
 * by its position in folder order; the section of the earliest pair not yet finished goes to
 * the target as it comes, and every later one keeps its entries until all earlier pairs are
 * through. With one pair at a time nothing is ever held back.
 *
 * <p>Not safe for use by several threads on its own: its user calls it under one lock.
 *
 * @param <T> what the entries are applied to (the run's output and record)
 */
final class PairSections<T> {

    /** A folder pair's part of the run: what it said while an earlier pair was not done yet. */
    static final class Section<T> {
        private final int position;
        private final List<Consumer<T>> held = new ArrayList<>();
        private boolean closed;

        private Section(int position) {
            this.position = position;
        }
    }

    private final T target;
    /** Sections not printed to their end yet, by position. */
    private final TreeMap<Integer, Section<T>> sections = new TreeMap<>();
    /** The position whose section prints as it goes: every earlier one is printed. */
    private int next;
    /** The run has ended: whatever comes now is printed at once. */
    private boolean ended;

    PairSections(T target) {
        this.target = target;
    }

    /**
     * The section of the folder pair at a position (0 for the first pair in folder order).
     *
     * @throws IllegalStateException a section of that position is open already
     */
    Section<T> open(int position) {
        if (position < 0 || sections.containsKey(position)) {
            throw new IllegalStateException("a report section at position " + position + " is open already");
        }
        Section<T> section = new Section<>(position);
        if (!ended && position >= next) {
            sections.put(position, section);
        }
        return section;
    }

    /** Applies an entry now, or keeps it for when its section's turn comes ({@code section} null: now). */
    void emit(Section<T> section, Consumer<T> entry) {
        if (section == null || printsNow(section)) {
            entry.accept(target);
        } else {
            section.held.add(entry);
        }
    }

    private boolean printsNow(Section<T> section) {
        // A position before next cannot be waited for any more (misuse, or the run ended).
        return ended || section.position <= next;
    }

    /** The end of a section: it is released now if every earlier one is, and so are the later ones that ended meanwhile. */
    void close(Section<T> section) {
        section.closed = true;
        while (true) {
            Section<T> head = sections.get(next);
            if (head == null) {
                return; // the next pair has not begun: its lines print as they come
            }
            release(head);
            if (!head.closed) {
                return; // it prints as it goes from now on
            }
            sections.remove(next);
            next++;
        }
    }

    /** The end of the run: every section still held is released, in position order. */
    void flushAll() {
        for (Section<T> section : sections.values()) {
            release(section);
        }
        sections.clear();
        ended = true;
    }

    private void release(Section<T> section) {
        for (Consumer<T> entry : section.held) {
            entry.accept(target);
        }
        section.held.clear();
    }
}
