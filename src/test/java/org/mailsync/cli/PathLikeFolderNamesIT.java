package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.FolderInfo;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * Server folder names that a local store would resolve into another folder ({@code a/../b}
 * into {@code b}, {@code ./x} into {@code x}) are refused by name against a real Dovecot: a
 * warning naming the store and the folder, the folder skipped, and no mail moves between the
 * server's own folders. Plain Dovecot refuses to create such names; with the {@code listescape}
 * plugin and {@code /} as hierarchy separator it accepts them over IMAP (it stores the dots
 * escaped on disk), so the test creates them over its own IMAP connection, as a buggy or
 * hostile server would offer them.
 */
class PathLikeFolderNamesIT {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*<([^@>]+)@example\\.org>");
    private static final List<String> PATH_LIKE = List.of("a/../b", "./x", "..", "a/./b", "~x", "~/x");

    /** Of its own: with listescape and {@code /} as separator. */
    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.own(String.join("\n",
            "mail_plugins = $mail_plugins listescape",
            "namespace inbox {", "  inbox = yes", "  separator = /", "}"));

    @TempDir
    Path home;

    Path mail;
    String user;

    @BeforeEach
    void config() throws Exception {
        mail = home.resolve("Mail");
        user = DOVECOT.newUser();
        // Maildir, as the folders it creates are read as Maildirs: the names are what is tested here
        DOVECOT.channelConfig(user).withoutRef().localFormat("maildir").writeTo(home.resolve(".mailsync"));
    }

    private ImapStore server() {
        return DOVECOT.store(user, "/notls", "check");
    }

    private void serverAppend(String folder, String... ids) throws Exception {
        try (ImapStore s = server()) {
            s.createFolder(folder);
            for (String id : ids) {
                s.append(folder, new ByteArrayInputStream(MailTree.message(id, "subject " + id).getBytes(StandardCharsets.ISO_8859_1)),
                        Set.of(), null);
            }
        }
    }

    /** Every selectable server folder with the ids of its messages. */
    private Map<String, List<String>> serverMail() throws Exception {
        Map<String, List<String>> all = new TreeMap<>();
        try (ImapStore s = server()) {
            for (FolderInfo f : s.listFolders("*")) {
                if (f.selectable()) {
                    List<String> ids = new ArrayList<>();
                    for (MessageMeta m : s.index(f.name())) {
                        Matcher matcher = MESSAGE_ID.matcher(new String(m.header(), StandardCharsets.ISO_8859_1));
                        ids.add(matcher.find() ? matcher.group(1) : "");
                    }
                    ids.sort(null);
                    all.put(f.name(), ids);
                }
            }
        }
        return all;
    }

    private List<String> localFolders() throws Exception {
        if (!Files.isDirectory(mail)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.walk(mail)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("cur"))).map(d -> mail.relativize(d).toString()).sorted().toList();
        }
    }

    @Test
    void serverFoldersWithPathSegmentsAreRefusedAndNoMailMovesBetweenServerFolders() throws Exception {
        serverAppend("b", "b1");
        serverAppend("a/../b", "m1");
        serverAppend("./x", "x1");
        serverAppend("..", "d1");
        serverAppend("a/./b", "e1");
        serverAppend("~x", "t1");
        serverAppend("~/x", "h1");
        Map<String, List<String>> before = serverMail();
        assertThat(before).as("Dovecot with listescape accepts the names").containsKeys(PATH_LIKE.toArray(String[]::new));

        CliRun first = CliRun.run(home, "sync");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(2);
        for (String name : PATH_LIKE) {
            assertThat(first.err()).contains("Warning: store remote: folder \"" + name + "\" skipped: ");
        }
        assertThat(first.err()).doesNotContain("Error:");
        assertThat(maildirIds(mail.resolve("b"))).containsExactly("b1");
        assertThat(localFolders()).containsExactly("INBOX", "b");

        CliRun second = CliRun.run(home, "sync");

        assertThat(second.exitCode()).as(second.toString()).isEqualTo(2);
        assertThat(serverMail()).as("every server folder as it was, none added").isEqualTo(before);
        assertThat(maildirIds(mail.resolve("b"))).containsExactly("b1");
        assertThat(second.out()).doesNotContain("copied");
    }

    @Test
    void aLocalFolderStartingWithTildeIsNotCreatedOnTheServer() throws Exception {
        maildir(mail.resolve("~x"), "t1");
        maildir(mail.resolve("work"), "w1");

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Warning: store local: folder \"Mail/~x\" skipped: its name starts with \"~\"");
        assertThat(serverMail()).containsOnlyKeys("INBOX", "work");
        assertThat(serverMail().get("work")).containsExactly("w1");
    }
}
