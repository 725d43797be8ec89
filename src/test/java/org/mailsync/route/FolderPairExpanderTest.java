package org.mailsync.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.identity.IdentityMode;
import org.mailsync.job.DiffJob;
import org.mailsync.job.StoreSide;
import org.mailsync.job.SyncJob;
import org.mailsync.msinfo.MsinfoRepository;
import org.mailsync.report.Console;
import org.mailsync.report.SyncReport;
import org.mailsync.store.Flag;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.FolderNotFoundException;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.sync.Side;
import org.mailsync.sync.SyncOptions;

/**
 * Expanding a channel into folder pairs: folder names that a store would resolve into another
 * folder's name are refused by name (a warning, the folder skipped), for every kind of store;
 * and a store none of whose synced folders is left (an IMAP account where only an empty INBOX,
 * which cannot be deleted, is still listed) is refused as a whole.
 */
class FolderPairExpanderTest {

    @TempDir
    Path dir;

    MsinfoRepository msinfo;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SyncReport report = new SyncReport(new Console(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true,
            StandardCharsets.UTF_8)), false, false);

    @BeforeEach
    void openMsinfo() throws Exception {
        msinfo = MsinfoRepository.open(dir.resolve("msinfo.db"));
    }

    @AfterEach
    void closeMsinfo() {
        msinfo.close();
    }

    private SyncJob job(MailStore a, MailStore b) {
        return new SyncJob("c", new StoreSide("local", a, "*", ""), new StoreSide("remote", b, "*", ""), msinfo,
                SyncOptions.defaults(), IdentityMode.MSGID, false, report);
    }

    private String warnings() {
        return err.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ names that would become another folder

    @Test
    void pathLikeServerFolderNamesAreSkippedWithAWarningNamingStoreAndFolder() throws Exception {
        ListedStore server = new ListedStore('/').folder("b", 1).folder("a/../b", 1).folder("./x", 1).folder("..", 1)
                .folder("~x", 1).folder("a/./b", 1);
        ListedStore local = new ListedStore('/').folder("b", 1);

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, server));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("b");
        assertThat(pairs.get(0).folderB()).isEqualTo("b");
        assertThat(warnings()).contains(
                "Warning: store remote: folder \"a/../b\" skipped: its name has a \"..\" segment",
                "Warning: store remote: folder \"./x\" skipped: its name has a \".\" segment",
                "Warning: store remote: folder \"..\" skipped",
                "Warning: store remote: folder \"~x\" skipped: its name starts with \"~\"",
                "Warning: store remote: folder \"a/./b\" skipped");
        assertThat(warnings()).contains("never rewritten");
        assertThat(report.exitCode()).as("a skipped folder makes the run incomplete").isEqualTo(SyncReport.INCOMPLETE);
    }

    @Test
    void aServerWithDotAsDelimiterCannotMakeEmptyLevelsDisappear() throws Exception {
        // "a....b" is a/(empty)/(empty)/(empty)/b: a local store would read it as a/b.
        ListedStore server = new ListedStore('.').folder("a.b", 1).folder("a....b", 1);
        ListedStore local = new ListedStore('/');

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, server));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("a/b");
        assertThat(pairs.get(0).folderB()).isEqualTo("a.b");
        assertThat(warnings()).contains("Warning: store remote: folder \"a....b\" skipped: its name (boxname \"a////b\")",
                "empty");
    }

    @Test
    void aSlashInsideANameOfAServerWithDotAsDelimiterIsRefusedNotMadeASubfolder() throws Exception {
        // "a/b" there is one level; locally it would be the folder a/b, the one of "a.b".
        ListedStore server = new ListedStore('.').folder("a.b", 1).folder("a/b", 1).folder("Entwürfe", 1);
        ListedStore local = new ListedStore('/');

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, server));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("Entwürfe", "a/b");
        assertThat(pairs).extracting(FolderPair::folderB).containsExactly("Entwürfe", "a.b");
        assertThat(warnings()).contains("Warning: store remote: folder \"a/b\" skipped: its name holds \"/\", which this store "
                + "does not use as its hierarchy delimiter (\".\"): synced, it would be the same folder as \"a.b\"");
        assertThat(report.exitCode()).isEqualTo(SyncReport.INCOMPLETE);
    }

    @Test
    void aLocalNameHoldingTheServersDelimiterIsRefusedNotMadeTwoLevels() throws Exception {
        // "camel.users" on a server with "." would be camel/users, and come back as a second local folder.
        ListedStore local = new ListedStore('/').folder("lists/camel.users", 1).folder("lists/jetty", 1);
        ListedStore server = new ListedStore('.').folder("lists.jetty", 1);

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, server));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("lists/jetty");
        assertThat(warnings()).contains("Warning: store local: folder \"lists/camel.users\" skipped: its name holds \".\", the "
                + "hierarchy delimiter of store remote, where it would be \"lists.camel.users\", the folder of boxname "
                + "\"lists/camel/users\"");
    }

    @Test
    void aNameWithANulIsRefusedAndShownVisibly() throws Exception {
        ListedStore server = new ListedStore('/').folder("a\0b", 1).folder("b", 1);

        List<FolderPair> pairs = new FolderPairExpander().expand(job(new ListedStore('/'), server));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("b");
        assertThat(warnings()).contains("Warning: store remote: folder \"a\\0b\" skipped: its name holds a NUL character");
    }

    @Test
    void aLocalStoreIsHeldToTheSameRule() throws Exception {
        MaildirFormat maildir = new MaildirFormat();
        LocalStore local = new LocalStore("local", dir.resolve("Mail"), List.of(maildir), maildir);
        local.createFolder("~x");
        local.createFolder("work");

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, new ListedStore('/')));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("work");
        assertThat(warnings()).contains("Warning: store local: folder \"~x\" skipped: its name starts with \"~\"");
    }

    @Test
    void diffModeRefusesTheSameNames() throws Exception {
        ListedStore server = new ListedStore('/').folder("b", 1).folder("a/../b", 1);
        DiffJob diff = new DiffJob("c", Side.B, new StoreSide("remote", server, "*", ""), msinfo, IdentityMode.MSGID, report);

        List<FolderPair> pairs = new FolderPairExpander().expandOne(diff);

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("b");
        assertThat(warnings()).contains("Warning: store remote: folder \"a/../b\" skipped");
    }

    // ------------------------------------------------------------------ a store whose every folder vanished

    @Test
    void onlyAnEmptyInboxLeftAfterEverySyncedFolderVanishedIsAGoneStore() throws Exception {
        remember("INBOX", "work", "lists/camel");
        ListedStore server = new ListedStore('/').folder("INBOX", 0);
        ListedStore local = new ListedStore('/').folder("INBOX", 2).folder("work", 1).folder("lists/camel", 1);

        StoreException e = catchThrowableOfType(StoreException.class, () -> new FolderPairExpander().expand(job(local, server)));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("store remote seems gone or emptied:")
                .contains("none of the 3 folders synced before is left", "INBOX is empty");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void newFoldersDoNotMakeUpForEverySyncedFolderGone() throws Exception {
        // A wrong account, or a server that lost everything and has made its default folders anew.
        remember("INBOX", "work");
        ListedStore server = new ListedStore('/').folder("INBOX", 0).folder("Trash", 0);
        ListedStore local = new ListedStore('/').folder("INBOX", 1).folder("work", 1);

        StoreException e = catchThrowableOfType(StoreException.class, () -> new FolderPairExpander().expand(job(local, server)));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("store remote seems gone or emptied:");
    }

    @Test
    void anInboxThatStillHoldsMailKeepsTheStore() throws Exception {
        remember("INBOX", "work");
        ListedStore server = new ListedStore('/').folder("INBOX", 1);
        ListedStore local = new ListedStore('/').folder("INBOX", 1).folder("work", 1);

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, server));

        // "work" is then skipped by the planner as one vanished folder.
        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("INBOX", "work");
    }

    @Test
    void aChannelOfOnlyAnEmptyInboxIsNotAGoneStore() throws Exception {
        // Nothing else could have vanished: whether the empty INBOX was emptied is the pair's question.
        remember("INBOX");
        ListedStore server = new ListedStore('/').folder("INBOX", 0);
        ListedStore local = new ListedStore('/').folder("INBOX", 0);

        assertThat(new FolderPairExpander().expand(job(local, server))).extracting(FolderPair::boxname).containsExactly("INBOX");
    }

    @Test
    void theInboxIsReadOnlyWhenNoOtherSyncedFolderIsLeft() throws Exception {
        remember("INBOX", "work", "old");
        ListedStore server = new ListedStore('/').folder("INBOX", 0).folder("work", 1).unreadable("INBOX");
        ListedStore local = new ListedStore('/').folder("INBOX", 1).folder("work", 1).folder("old", 1);

        List<FolderPair> pairs = new FolderPairExpander().expand(job(local, server));

        assertThat(pairs).extracting(FolderPair::boxname).containsExactly("INBOX", "old", "work");
    }

    @Test
    void aStoreWhosePatternMatchesNothingIsStillRefused() throws Exception {
        remember("INBOX");
        ListedStore local = new ListedStore('/').folder("INBOX", 1);

        StoreException e = catchThrowableOfType(StoreException.class,
                () -> new FolderPairExpander().expand(job(local, new ListedStore('/'))));

        assertThat(e.getMessage()).startsWith("store remote seems gone or emptied:")
                .contains("pattern \"*\" matches no folder", "1 folder was synced before", "refusing");
    }

    @Test
    void diffModeRefusesAGoneStoreToo() throws Exception {
        remember("INBOX", "work");
        ListedStore server = new ListedStore('/').folder("INBOX", 0);
        DiffJob diff = new DiffJob("c", Side.B, new StoreSide("remote", server, "*", ""), msinfo, IdentityMode.MSGID, report);

        StoreException e = catchThrowableOfType(StoreException.class, () -> new FolderPairExpander().expandOne(diff));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("store remote seems gone or emptied:");
    }

    private void remember(String... boxnames) throws Exception {
        for (String box : boxnames) {
            msinfo.replace("c", box, Set.of("<" + box + "@x>"));
        }
    }

    /** A store that lists given folders with a number of messages each; it changes nothing. */
    static final class ListedStore implements MailStore {
        private final char delimiter;
        private final Map<String, Integer> folders = new LinkedHashMap<>();
        private final List<String> unreadable = new ArrayList<>();

        ListedStore(char delimiter) {
            this.delimiter = delimiter;
        }

        ListedStore folder(String name, int messages) {
            folders.put(name, messages);
            return this;
        }

        /** Reading this folder's index fails the test: the expansion must not need it. */
        ListedStore unreadable(String name) {
            unreadable.add(name);
            return this;
        }

        @Override
        public char delimiter() {
            return delimiter;
        }

        @Override
        public List<FolderInfo> listFolders(String pattern) {
            return folders.keySet().stream().map(f -> new FolderInfo(f, true)).toList();
        }

        @Override
        public boolean exists(String folder) {
            return folders.containsKey(folder);
        }

        @Override
        public List<MessageMeta> index(String folder) throws StoreException {
            if (unreadable.contains(folder)) {
                throw new AssertionError("index(" + folder + ") was not needed");
            }
            if (!folders.containsKey(folder)) {
                throw new FolderNotFoundException("no folder " + folder);
            }
            List<MessageMeta> messages = new ArrayList<>();
            for (int i = 0; i < folders.get(folder); i++) {
                messages.add(new MessageMeta(folder + i, 10, Set.of(Flag.SEEN), Instant.EPOCH,
                        ("Message-ID: <" + folder + i + "@x>\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            return messages;
        }

        @Override
        public InputStream open(String folder, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String append(String folder, InputStream message, Set<Flag> flags, Instant internalDate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String folder, Collection<String> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createFolder(String folder) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeFolder(String folder) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
