package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.mboxIds;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.imap.DovecotExtension;
import org.mailsync.store.imap.ImapStore;

/**
 * A server folder whose name no local file system can hold — longer than a file name may be,
 * once the room an mbox's lock and journal need beside it is kept — is refused by name against
 * a real Dovecot: an error naming the local store and the folder, the other folders synced,
 * nothing written for it anywhere, inside the local root or outside it.
 */
class OverLongServerFolderNamesAreRefusedIT {

    @RegisterExtension
    static final DovecotExtension DOVECOT = DovecotExtension.shared();

    /** 240 bytes: Dovecot keeps it (as ".NAME", 241 bytes), a local folder cannot. */
    private static final String LONG = "Projekt-" + "x".repeat(232);

    @TempDir
    Path home;

    @Test
    void theFolderIsRefusedByNameAndTheOthersAreSynced() throws Exception {
        String user = DOVECOT.newUser();
        String local = "store local  { pat Mail/*  prefix Mail/ }";
        String config = DOVECOT.channelConfig(user).text();
        assertThat(config).contains(local);
        Files.writeString(home.resolve(".mailsync"), config.replace(local, "store local  { pat Mail/*  prefix Mail/  format mbox }"));
        try (ImapStore server = DOVECOT.store(user, "/notls", "setup")) {
            for (String folder : List.of(LONG, "Entwürfe")) {
                server.createFolder(folder);
                server.append(folder, new ByteArrayInputStream(MailTree.message(folder.substring(0, 3), "s").getBytes(
                        StandardCharsets.UTF_8)), Set.of(), null);
            }
        }
        List<Path> before = everything();

        CliRun run = CliRun.run(home, "sync");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("store local: folder \"Mail/" + LONG + "\" cannot be a local folder: a level of it is 240 "
                + "bytes long in UTF-8, more than the 215");
        assertThat(mboxIds(home.resolve("Mail/Entwürfe"))).containsExactly("Ent");
        List<Path> after = everything();
        assertThat(after).as("nothing made for the refused folder").noneMatch(p -> p.toString().contains("Projekt-"));
        assertThat(after).as("outside the store root only the msinfo is new").allMatch(p -> before.contains(p)
                || p.startsWith(home.resolve("Mail")) || p.getFileName().toString().startsWith(".msinfo"));
    }

    /** Every path below the home directory. */
    private List<Path> everything() throws Exception {
        try (Stream<Path> all = Files.walk(home)) {
            return all.toList();
        }
    }
}
