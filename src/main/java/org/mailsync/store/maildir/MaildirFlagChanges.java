package org.mailsync.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.mailsync.store.FlagChange;
import org.mailsync.store.StoreException;

/**
 * Changes the flags of Maildir messages the way the spec and every Maildir reader do: by
 * renaming the message file within its folder to a new {@code :2,} info ("Info semantics",
 * https://cr.yp.to/proto/maildir.html). The unique name, and so the key, stays; a message
 * still in {@code new/} moves to {@code cur/} with its info, as mutt does when it changes a
 * new message's flags (the spec reserves info for {@code cur/}). Keywords are Dovecot's letters
 * ({@link MaildirKeywords}); a keyword no letter is left for is dropped with a warning.
 *
 * <p>Every key is looked up before anything is renamed ({@link MaildirFormat}), so a key that
 * names no message (deleted by another program) refuses the whole batch. A rename is atomic, and another program renaming
 * the same file meanwhile (a flag change of its own) is met by looking the file up again and
 * applying the delta to its new name, so neither change is lost.
 */
final class MaildirFlagChanges {

    /** Finds a key's file now, or null (see {@link MaildirLookup}). */
    @FunctionalInterface
    interface Finder {
        Path find(Path folder, String key) throws StoreException;
    }

    private final MaildirLocations locations;
    private final Finder finder;

    MaildirFlagChanges(MaildirLocations locations, Finder finder) {
        this.locations = locations;
        this.finder = finder;
    }

    /**
     * Applies each key's change to its file.
     *
     * @param files where each key's file is now, every key of {@code changes} found
     */
    void apply(Path folder, Map<String, FlagChange> changes, Map<String, Path> files) throws StoreException {
        try {
            Letters letters = Letters.of(folder, changes.values());
            for (Map.Entry<String, Path> e : files.entrySet()) {
                FlagChange change = changes.get(e.getKey());
                if (!change.isEmpty()) {
                    rename(folder, e.getKey(), e.getValue(), change, letters);
                }
            }
        } catch (IOException e) {
            throw new StoreException("maildir " + folder + ": cannot change flags: " + e.getMessage(), e);
        }
    }

    private void rename(Path folder, String key, Path file, FlagChange change, Letters letters)
            throws IOException, StoreException {
        for (int attempt = 1; ; attempt++) {
            String name = file.getFileName().toString();
            String info = MaildirInfo.changed(name, change.add(), change.remove(), letters.toAdd(change),
                    letters.toRemove(change));
            boolean inNew = file.getParent().getFileName().toString().equals(MaildirFormat.NEW);
            String now = MaildirInfo.changed(name, Set.of(), Set.of(), Set.of(), Set.of()); // its letters sorted
            if (info.equals(now) && (!inNew || MaildirInfo.letters(info).isEmpty())) {
                return; // nothing changes: no rename, the file keeps its place in new/
            }
            Path target = folder.resolve(MaildirFormat.CUR).resolve(key + info);
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                locations.put(folder, key, target);
                return;
            } catch (NoSuchFileException e) {
                // Renamed meanwhile by another program: apply the change to its new name.
                file = attempt < 3 ? finder.find(folder, key) : null;
                if (file == null) {
                    throw new StoreException("maildir " + folder + ": message " + key
                            + " was deleted or keeps being renamed by another program; its flags were not changed", e);
                }
            }
        }
    }

    /** The keyword letters of a batch: allocated once, for every keyword the batch adds. */
    private record Letters(MaildirKeywords names, Map<String, Character> added) {

        static Letters of(Path folder, Iterable<FlagChange> changes) throws IOException {
            Set<String> adding = new LinkedHashSet<>();
            boolean removing = false;
            for (FlagChange c : changes) {
                adding.addAll(c.addKeywords());
                removing |= !c.removeKeywords().isEmpty();
            }
            Map<String, Character> added = adding.isEmpty() ? Map.of() : MaildirKeywords.allocate(folder, adding);
            return new Letters(removing || !adding.isEmpty() ? MaildirKeywords.read(folder) : null, added);
        }

        Set<Character> toAdd(FlagChange change) {
            Set<Character> out = new TreeSet<>();
            for (String keyword : change.addKeywords()) {
                Character letter = added.get(keyword);
                if (letter != null) {
                    out.add(letter);
                }
            }
            return out;
        }

        Set<Character> toRemove(FlagChange change) {
            Set<Character> out = new TreeSet<>();
            for (String keyword : change.removeKeywords()) {
                out.addAll(names.lettersOf(keyword));
            }
            return out;
        }
    }
}
