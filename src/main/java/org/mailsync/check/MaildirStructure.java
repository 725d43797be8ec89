package org.mailsync.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.store.MessageMeta;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.mbox.MboxFormat;

/**
 * The structure of a Maildir (https://cr.yp.to/proto/maildir.html). Problems:
 * <ul>
 *   <li>a file beside {@code cur}, {@code new} and {@code tmp} that is neither Courier's or
 *       Dovecot's own nor a nested mbox folder: no reader sees it as mail;</li>
 *   <li>a directory inside {@code cur/} or {@code new/};</li>
 *   <li>a bad info suffix in {@code cur/}: not {@code :2,} (experimental {@code :1,} is only a
 *       note), a letter that is neither one of the spec's flags {@code D F P R S T} nor one of
 *       Dovecot's keyword letters {@code a}-{@code z}, letters out of ASCII order or repeated
 *       ("When adding flags, be sure to keep them in ASCII order");</li>
 *   <li>a file in {@code tmp/} older than 36 hours: a delivery that never finished, which the
 *       spec tells readers to remove (a sync does).</li>
 * </ul>
 * Notes: a file in {@code new/} with an info suffix (new mail has none, and readers treat it as
 * new all the same). Names starting with a dot are skipped, as the spec tells readers to.
 */
public final class MaildirStructure implements FolderStructure {

    /** The spec's age after which a file in tmp/ is a delivery that never finished. */
    static final Duration STALE_TMP = Duration.ofHours(36);

    private static final String FLAG_LETTERS = "DFPRST";

    // Only their pure recognisers are used: which names are a Maildir's own, what is an mbox.
    private static final MaildirFormat MAILDIR = new MaildirFormat();
    private static final MboxFormat MBOX = new MboxFormat();

    private final Clock clock;

    /** A check that judges tmp/ files' age by the system clock. */
    public MaildirStructure() {
        this(Clock.systemUTC());
    }

    MaildirStructure(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Result check(Path folder, List<MessageMeta> messages) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (String name : DirectoryNames.visible(folder)) {
            Path entry = folder.resolve(name);
            if (!MAILDIR.isReservedChild(folder, name) && !Files.isDirectory(entry) && !MBOX.isFolder(entry)) {
                findings.add(Finding.problem(name, "file outside cur/, new/ and tmp/: no mail reader sees it"));
            }
        }
        Map<String, String> places = new HashMap<>();
        for (String sub : List.of("new", "cur")) {
            for (String name : DirectoryNames.visible(folder.resolve(sub))) {
                String place = sub + "/" + name;
                Path file = folder.resolve(sub).resolve(name);
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    findings.add(Finding.problem(place, "a directory inside " + sub + "/, where only message files belong"));
                    continue;
                }
                int colon = name.indexOf(':');
                places.putIfAbsent(colon < 0 ? name : name.substring(0, colon), place);
                if (colon >= 0) {
                    infoFinding(sub, place, name.substring(colon + 1), findings);
                }
            }
        }
        Instant staleBefore = clock.instant().minus(STALE_TMP);
        for (String name : DirectoryNames.visible(folder.resolve("tmp"))) {
            Path file = folder.resolve("tmp").resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(staleBefore)) {
                findings.add(Finding.problem("tmp/" + name, "stale file in tmp/ (older than 36 hours): a delivery that never"
                        + " finished; the next sync removes it"));
            }
        }
        return new Result(findings, key -> places.getOrDefault(key, key), true);
    }

    /** What is wrong with a file's info (the text after its first colon), if anything. */
    private static void infoFinding(String sub, String place, String info, List<Finding> findings) {
        if (sub.equals("new")) {
            findings.add(Finding.note(place, "a file in new/ with an info suffix: readers treat it as new mail"));
        }
        if (info.startsWith("1,")) {
            findings.add(Finding.note(place, "experimental info \":" + info + "\": it holds no flags"));
            return;
        }
        if (!info.startsWith("2,")) {
            findings.add(Finding.problem(place, "bad info suffix \":" + info + "\": not \":2,\" followed by flags"));
            return;
        }
        String letters = info.substring(2);
        char previous = 0;
        for (int i = 0; i < letters.length(); i++) {
            char c = letters.charAt(i);
            if (FLAG_LETTERS.indexOf(c) < 0 && (c < 'a' || c > 'z')) {
                findings.add(Finding.problem(place, "bad info suffix \":" + info + "\": unknown flag letter \"" + c
                        + "\" (the spec's flags are D F P R S T, Dovecot's keywords a-z)"));
                return;
            }
            if (c <= previous) {
                findings.add(Finding.problem(place, "bad info suffix \":" + info + "\": flags "
                        + (c == previous ? "repeated" : "not in ASCII order") + " (the spec keeps them sorted, each once)"));
                return;
            }
            previous = c;
        }
    }
}
