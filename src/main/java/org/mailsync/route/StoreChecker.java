package org.mailsync.route;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.mailsync.camel.MailsyncConstants;
import org.mailsync.check.CheckPrinter;
import org.mailsync.check.CheckedFolder;
import org.mailsync.check.DuplicateFixer;
import org.mailsync.check.Finding;
import org.mailsync.check.FolderCheck;
import org.mailsync.check.PairCheck;
import org.mailsync.check.ScannedMessage;
import org.mailsync.check.StaleEntries;
import org.mailsync.sync.Side;
import org.mailsync.check.StrayFiles;
import org.mailsync.job.CheckJob;
import org.mailsync.job.StoreSide;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;

/**
 * Check mode ({@code mailsync check STORE|CHANNEL}), the beans of the {@code direct:check}
 * routes: the folders to check, each folder pair's check (see {@code org.mailsync.check}),
 * the fix of identical copies when asked, and the report. Reads only, but for
 * {@code --fix-duplicates}.
 */
public class StoreChecker {

    /** The exchange property with the folder pairs checked so far ({@link #report} adds each). */
    public static final String CHECKED = "mailsyncChecked";

    /**
     * The start: the headline, every local store's stray files, and the folder pairs to check
     * (as the body): a store's folders, or a channel's folders paired by boxname plus the
     * boxnames only msinfo still has.
     */
    public List<FolderPair> begin(@ExchangeProperty(MailsyncConstants.JOB) CheckJob job, Exchange exchange)
            throws StoreException, MsinfoException, IOException {
        // What each folder's check found, gathered here rather than by the split's aggregation:
        // an aggregated exchange would carry a failed first folder's error handling onto the
        // rest of the route and end it before the summary.
        exchange.setProperty(CHECKED, java.util.Collections.synchronizedList(new ArrayList<PairCheck>()));
        List<String> names = job.stores().stream().map(StoreSide::name).toList();
        job.report().beginCheck(job.channel(), names);
        CheckPrinter printer = printer(job);
        for (StoreSide side : job.stores()) {
            if (side.store() instanceof LocalStore local) {
                for (Map.Entry<String, Finding> stray : StrayFiles.find(local, side.pattern()).entrySet()) {
                    String box = side.boxname(stray.getKey());
                    printer.stray(side.name(), box == null ? stray.getKey() : box, stray.getValue());
                }
            }
        }
        Map<String, String> onA = folders(job.a());
        Map<String, String> onB = job.b() == null ? Map.of() : folders(job.b());
        Set<String> boxnames = new TreeSet<>(onA.keySet());
        boxnames.addAll(onB.keySet());
        if (job.state() != null) {
            boxnames.addAll(job.state().boxnames(job.channel()));
        }
        List<FolderPair> pairs = new ArrayList<>();
        for (String box : boxnames) {
            pairs.add(new FolderPair(box, onA.get(box), onB.get(box), onA.containsKey(box), onB.containsKey(box)));
        }
        return pairs;
    }

    /** Checks a folder pair: each side's folder, and for a channel its msinfo entries. */
    public PairCheck check(@ExchangeProperty(MailsyncConstants.JOB) CheckJob job,
                           @ExchangeProperty(MailsyncConstants.PAIR) FolderPair pair)
            throws StoreException, MsinfoException, IOException {
        FolderCheck check = new FolderCheck(job.identity());
        List<CheckedFolder> folders = new ArrayList<>();
        if (pair.onA()) {
            folders.add(check.check(job.a(), pair.folderA(), pair.boxname()));
        }
        if (pair.onB()) {
            folders.add(check.check(job.b(), pair.folderB(), pair.boxname()));
        }
        List<Finding> state = List.of();
        if (job.state() != null) {
            Set<String> present = new HashSet<>();
            for (CheckedFolder folder : folders) {
                for (ScannedMessage m : folder.messages()) {
                    if (m.identity() != null) {
                        present.add(m.identity());
                    }
                }
            }
            state = StaleEntries.of(job.state().load(job.channel(), pair.boxname()), present,
                    job.stores().stream().map(StoreSide::name).toList());
        }
        return new PairCheck(pair.boxname(), folders, state);
    }

    /** {@code --fix-duplicates}: removes each folder's byte-identical later copies. */
    public PairCheck fixDuplicates(@ExchangeProperty(MailsyncConstants.JOB) CheckJob job, @Body PairCheck pair)
            throws StoreException, MsinfoException {
        List<CheckedFolder> fixed = new ArrayList<>();
        for (CheckedFolder folder : pair.folders()) {
            boolean onA = folder.store().equals(job.a().name());
            fixed.add(DuplicateFixer.fix(folder, onA ? job.a() : job.b(), job.trash() == null ? null
                    : new DuplicateFixer.Trash(job.trash(), job.state(), job.channel(), onA ? Side.A : Side.B)));
        }
        return new PairCheck(pair.boxname(), fixed, pair.state());
    }

    /** Prints a folder pair's block. */
    public void report(@ExchangeProperty(MailsyncConstants.JOB) CheckJob job, @Body PairCheck pair,
                       @ExchangeProperty(CHECKED) List<PairCheck> checked) {
        printer(job).print(pair);
        if (checked != null) {
            checked.add(pair);
        }
    }

    /** The last line, from the folder pairs checked (a failed pair is not among them). */
    public void end(@ExchangeProperty(MailsyncConstants.JOB) CheckJob job, @ExchangeProperty(CHECKED) List<PairCheck> checked) {
        int folders = 0;
        int removed = 0;
        for (PairCheck pair : checked == null ? List.<PairCheck>of() : List.copyOf(checked)) {
            folders += pair.folders().size();
            removed += pair.folders().stream().mapToInt(f -> f.removed().size()).sum();
        }
        printer(job).summary(folders, job.report().problems(), removed);
    }

    private static CheckPrinter printer(CheckJob job) {
        return new CheckPrinter(job.report(), job.channel() != null);
    }

    /**
     * A store's selectable folders by boxname. A name a sync refuses ({@link StoreSide#refusal})
     * is still checked, under its full name: a check reports, it never mixes mail.
     */
    private static Map<String, String> folders(StoreSide side) throws StoreException {
        Map<String, String> byBox = new TreeMap<>();
        for (FolderInfo info : side.store().listFolders(side.pattern())) {
            if (info.selectable()) {
                String box = side.boxname(info.name());
                byBox.putIfAbsent(box == null || box.isEmpty() ? info.name() : box, info.name());
            }
        }
        return byBox;
    }
}
