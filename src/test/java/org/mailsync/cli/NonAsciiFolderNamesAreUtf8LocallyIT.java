package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MailStore;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * Non-ASCII folder names against a real Dovecot: the server's names, which travel in modified
 * UTF-7 (RFC 3501 section 5.1.3), become local folders named by the same names in UTF-8 — in
 * a nested Maildir, mbox or MH tree and in a Maildir++ tree — with their mail, and a second
 * sync changes nothing; local UTF-8 folders are created on the server, their names sent in
 * modified UTF-7 on the wire. Dovecot's default namespace has {@code .} as separator, so a
 * hierarchy is written with it on the server and with {@code /} (or {@code .} in Maildir++)
 * locally.
 */
class NonAsciiFolderNamesAreUtf8LocallyIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    /** How the local store keeps its folders. */
    enum Layout {
        MAILDIR("format maildir"), MBOX("format mbox"), MH("format mh"), MAILDIR_PLUS_PLUS("layout maildir++  format maildir");

        final String options;

        Layout(String options) {
            this.options = options;
        }

        /** A folder's path below the store's root, for a boxname with {@code /} between levels. */
        String path(String boxname) {
            return this == MAILDIR_PLUS_PLUS ? "." + boxname.replace('/', '.') : boxname;
        }
    }

    /** Boxnames: umlauts, a space, CJK with a level below it, and a name whose dot is a level on this server. */
    private static final List<String> BOXES = List.of("Entwürfe", "Gesendete Elemente", "日本語/子", "Ünïcödé/sub");

    @TempDir
    Path home;

    String user;

    @BeforeEach
    void user() {
        user = DOVECOT.newUser();
    }

    private void config(Layout layout) throws Exception {
        String local = layout == Layout.MAILDIR_PLUS_PLUS
                ? "store local  { path Maildir  pat *  prefix \"\"  " + layout.options + " }"
                : "store local  { pat Mail/*  prefix Mail/  " + layout.options + " }";
        String text = DOVECOT.channelConfig(user).text().replace("store local  { pat Mail/*  prefix Mail/ }", local);
        assertThat(text).contains(local);
        Files.writeString(home.resolve(".mailsync"), text);
    }

    private Path root(Layout layout) {
        return home.resolve(layout == Layout.MAILDIR_PLUS_PLUS ? "Maildir" : "Mail");
    }

    private MailStore local(Layout layout) {
        if (layout == Layout.MAILDIR_PLUS_PLUS) {
            return new MaildirPlusPlusStore("check", root(layout));
        }
        return new LocalStore("check", root(layout), List.of(new MaildirFormat(), new MhFormat(), new MboxFormat()), null);
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "check");
    }

    /** The server's name of a boxname: its levels joined by the server's own delimiter. */
    private static String serverName(ImapStore server, String boxname) {
        return boxname.replace('/', server.delimiter());
    }

    /** The Message-IDs (without the domain) of a folder's messages, sorted. */
    private static List<String> ids(MailStore store, String folder) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MessageMeta m : store.index(folder)) {
            ids.add(MailTree.idOf(m));
        }
        ids.sort(null);
        return ids;
    }

    private static String id(String boxname) {
        return "m" + Integer.toHexString(boxname.hashCode());
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void serverFoldersBecomeLocalFoldersNamedInUtf8WithTheirMail(Layout layout) throws Exception {
        config(layout);
        try (ImapStore server = server()) {
            for (String box : BOXES) {
                String folder = serverName(server, box);
                server.createFolder(folder);
                server.append(folder, new ByteArrayInputStream(MailTree.message(id(box), box).getBytes(StandardCharsets.UTF_8)),
                        Set.of(), null);
            }
        }

        CliRun first = CliRun.run(home, "sync");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path root = root(layout);
        MailStore local = local(layout);
        for (String box : BOXES) {
            assertThat(root.resolve(layout.path(box))).as(box).exists();
            String folder = layout == Layout.MAILDIR_PLUS_PLUS ? box.replace('/', '.') : box;
            assertThat(ids(local, folder)).as(box).containsExactly(id(box));
        }
        assertThat(Files.exists(root.resolve(layout.path("Entwürfe")))).isTrue();
        try (var names = Files.walk(root)) {
            assertThat(names.map(p -> root.relativize(p).toString())).as("no modified UTF-7 on disk").noneMatch(n -> n.contains("&"));
        }
        Map<String, String> files = MailTree.checksums(root);
        Map<String, List<String>> serverMail = serverMail();

        CliRun second = CliRun.run(home, "sync");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).as(second.toString()).doesNotContain("copied").doesNotContain("created");
        assertThat(MailTree.checksums(root)).as("nothing changed locally").isEqualTo(files);
        assertThat(serverMail()).as("nothing changed on the server").isEqualTo(serverMail);
    }

    @Test
    void localUtf8FoldersAreCreatedOnTheServerInModifiedUtf7() throws Exception {
        config(Layout.MAILDIR);
        Path mail = home.resolve("Mail");
        for (String box : BOXES) {
            maildir(mail.resolve(box), id(box));
        }

        CliRun run = CliRun.run(home, "-di", "sync");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> creates = CliRun.imapCommands(run.log()).stream().filter(c -> c.startsWith("CREATE ")).toList();
        assertThat(creates).as(run.log()).contains("CREATE Entw&APw-rfe", "CREATE \"Gesendete Elemente\"", "CREATE &ZeVnLIqe-.&W1A-",
                "CREATE &ANw-n&AO8-c&APY-d&AOk-.sub");
        assertThat(run.log()).doesNotContain("Entwürfe\r").doesNotContain("CREATE Entwürfe");
        try (ImapStore server = server()) {
            for (String box : BOXES) {
                assertThat(ids(server, serverName(server, box))).as(box).containsExactly(id(box));
            }
        }
        Map<String, List<String>> serverMail = serverMail();

        CliRun second = CliRun.run(home, "sync");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).as(second.toString()).doesNotContain("copied").doesNotContain("created");
        assertThat(serverMail()).isEqualTo(serverMail);
        try (var dirs = Files.list(mail)) {
            assertThat(dirs.map(p -> p.getFileName().toString())).as("no folder came back under another name")
                    .containsExactlyInAnyOrder("INBOX", "Entwürfe", "Gesendete Elemente", "日本語", "Ünïcödé");
        }
    }

    /** Every selectable server folder with the ids of its messages. */
    private Map<String, List<String>> serverMail() throws Exception {
        Map<String, List<String>> all = new TreeMap<>();
        try (ImapStore s = server()) {
            for (FolderInfo f : s.listFolders("*")) {
                if (f.selectable()) {
                    all.put(f.name(), ids(s, f.name()));
                }
            }
        }
        return all;
    }
}
