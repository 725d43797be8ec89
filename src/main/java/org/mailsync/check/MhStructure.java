package org.mailsync.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.mailsync.store.MessageMeta;
import org.mailsync.store.mh.MhFormat;

/**
 * The structure of an MH folder (mh-folders(5)): message files named by positive decimal
 * numbers. Problems: a file that is neither a message file nor MH's own, such as
 * {@code notes.txt}, {@code 12.bak} or {@code 007} (a leading zero: nmh reads it as message 7,
 * which {@code 7} may also be, so mailsync skips it): no MH program shows it as mail. MH's
 * own are dot files ({@code .mh_sequences}, xmh's {@code .xmhcache}, exmh's caches) and
 * {@code rmm}'s backups of removed messages ({@code ,12}, or {@code #12} with another
 * {@code Backup-Prefix}); subdirectories are subfolders.
 *
 * <p>Gaps in the numbering are only a note: {@code rmm} leaves them and every MH program
 * copes ({@code folder -pack} closes them, which renumbers the messages).
 */
public final class MhStructure implements FolderStructure {

    /** Gaps listed one by one in a note; more are counted. */
    private static final int GAPS_SHOWN = 5;

    @Override
    public Result check(Path folder, List<MessageMeta> messages) throws IOException {
        List<Finding> findings = new ArrayList<>();
        TreeSet<Integer> numbers = new TreeSet<>();
        for (String name : DirectoryNames.visible(folder)) {
            Path entry = folder.resolve(name);
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            int number = MhFormat.messageNumber(name);
            if (number > 0) {
                numbers.add(number);
            } else if (!isBackup(name)) {
                findings.add(Finding.problem(name, "not a message file (MH names messages by numbers without leading zeros):"
                        + " no MH program shows it as mail"));
            }
        }
        gaps(numbers, findings);
        return new Result(findings, MhStructure::place, true);
    }

    /** The message number of a key ({@code NUMBER-SIZE-CRC}). */
    static String place(String key) {
        int dash = key.indexOf('-');
        return "message " + (dash > 0 ? key.substring(0, dash) : key);
    }

    private static void gaps(TreeSet<Integer> numbers, List<Finding> findings) {
        List<String> gaps = new ArrayList<>();
        int count = 0;
        Integer previous = null;
        for (int n : numbers) {
            if (previous != null && n > previous + 1) {
                count++;
                if (gaps.size() < GAPS_SHOWN) {
                    gaps.add(n == previous + 2 ? String.valueOf(previous + 1) : (previous + 1) + "-" + (n - 1));
                }
            }
            previous = n;
        }
        if (count > 0) {
            findings.add(Finding.note(null, "gaps in the message numbers (" + String.join(", ", gaps)
                    + (count > gaps.size() ? " and " + (count - gaps.size()) + " more" : "")
                    + "): normal after rmm; folder -pack closes them"));
        }
    }

    private static boolean isBackup(String name) {
        return (name.startsWith(",") || name.startsWith("#")) && MhFormat.messageNumber(name.substring(1)) > 0;
    }
}
