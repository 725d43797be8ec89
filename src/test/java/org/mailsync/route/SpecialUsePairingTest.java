package org.mailsync.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.job.StoreSide;
import org.mailsync.report.Console;
import org.mailsync.report.SyncReport;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;

/**
 * {@link SpecialUsePairing} between two local stores, whose folders are known by name: side B's
 * folder of a use is re-labelled with side A's boxname (localized names included), and never
 * where that could mix two folders' mail — B's folder already synced under its own name, or a
 * namesake on either side.
 */
class SpecialUsePairingTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final SyncReport report = new SyncReport(new Console(new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8)), false, false);

    @Test
    void sentItemsAndAGermanDraftsFolderTakeSideAsNames() throws Exception {
        Map<String, String> onA = folders("INBOX", "Sent", "Drafts");
        Map<String, String> onB = folders("INBOX", "Sent Items", "Entwürfe", "Lists");

        SpecialUsePairing.pair(side("a"), onA, side("b"), onB, Set.of(), report);

        assertThat(onB).containsEntry("Sent", "Sent Items").containsEntry("Drafts", "Entwürfe")
                .containsEntry("INBOX", "INBOX").containsEntry("Lists", "Lists").doesNotContainKeys("Sent Items", "Entwürfe");
    }

    @Test
    void aFolderAlreadySyncedUnderItsOwnNameStaysAndTheRunSaysWhy() throws Exception {
        Map<String, String> onA = folders("Sent");
        Map<String, String> onB = folders("Sent Items");

        SpecialUsePairing.pair(side("a"), onA, side("b"), onB, Set.of("Sent Items"), report);

        assertThat(onB).containsOnlyKeys("Sent Items");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stay paired by name").contains("synced under its own name");
    }

    @Test
    void aNamesakeOnEitherSideKeepsThePairingByName() throws Exception {
        Map<String, String> onA = folders("Sent", "Junk");
        Map<String, String> onB = folders("Sent", "Sent Items", "Spam");
        Map<String, String> onA2 = folders("Sent", "Sent Items");
        Map<String, String> onB2 = folders("Gesendete Elemente");

        SpecialUsePairing.pair(side("a"), onA, side("b"), onB, Set.of(), report);
        SpecialUsePairing.pair(side("a"), onA2, side("b"), onB2, Set.of(), report);

        // B's \Sent by name is its plain "Sent": nothing to re-label; Spam is B's Junk
        assertThat(onB).containsOnlyKeys("Sent", "Sent Items", "Junk");
        // A's Sent is its \Sent (the first name known for it); its Sent Items pairs by name
        assertThat(onB2).containsOnly(Map.entry("Sent", "Gesendete Elemente"));
    }

    private Map<String, String> folders(String... names) {
        Map<String, String> byBox = new TreeMap<>();
        for (String n : names) {
            byBox.put(n, n);
        }
        return byBox;
    }

    private StoreSide side(String name) {
        MaildirFormat maildir = new MaildirFormat();
        return new StoreSide(name, new LocalStore(name, dir.resolve(name), List.of(maildir), maildir), "*", "");
    }
}
