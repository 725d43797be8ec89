package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.config.ChannelConfig;
import org.mailsync.config.ConfigLocation;
import org.mailsync.msinfo.MsinfoException;

/** Where a channel's SQLite msinfo goes, in particular for an msinfo on an IMAP server. */
class MsinfoLocationTest {

    @TempDir
    Path home;

    private ChannelConfig channel(String msinfo) {
        return new ChannelConfig("laptop", "local", "remote", msinfo, "secret", 0, null, null,
                new ConfigLocation(home.resolve(".mailsync"), 5));
    }

    @Test
    void imapMsinfoIsKeptLocallyBesideTheConfigAndSaysSo() throws Exception {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        Path path = MsinfoLocation.resolve(channel("{imap.example.org/user=alice}INBOX.msinfo"), home,
                home.resolve(".mailsync"), new PrintStream(notes, true, StandardCharsets.UTF_8));
        assertThat(path).isEqualTo(home.resolve(".mailsync-state").resolve("laptop.db"));
        assertThat(notes.toString(StandardCharsets.UTF_8))
                .contains("Note: msinfo {imap.example.org/user=alice}INBOX.msinfo is on a server", "laptop.db")
                .doesNotContain("secret");
    }

    @Test
    void localMsinfoIsUsedAsIsAndAnOriginalOneGetsADbBeside() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThat(MsinfoLocation.resolve(channel(".msinfo"), home, home.resolve(".mailsync"), quiet))
                .isEqualTo(home.resolve(".msinfo"));
        Files.writeString(home.resolve(".msinfo"), "From mailsync Mon Mar  2 10:00:00 2020\nFrom: mailsync\n\n");
        assertThat(MsinfoLocation.resolve(channel(".msinfo"), home, home.resolve(".mailsync"), quiet))
                .isEqualTo(home.resolve(".msinfo.db"));
    }

    @Test
    void anEmptyFileMadeForTheOriginalStaysTheOriginals() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Files.createFile(home.resolve(".msinfo"));
        assertThat(MsinfoLocation.resolve(channel(".msinfo"), home, home.resolve(".mailsync"), quiet))
                .isEqualTo(home.resolve(".msinfo.db"));
    }

    @Test
    void ourOwnDatabaseIsUsedWhereItIs() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        org.mailsync.msinfo.MsinfoRepository.open(home.resolve(".msinfo")).close();
        assertThat(MsinfoLocation.resolve(channel(".msinfo"), home, home.resolve(".mailsync"), quiet))
                .isEqualTo(home.resolve(".msinfo"));
    }

    @Test
    void aFileThatIsNeitherOursNorTheOriginalsIsRefused() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path garbage = home.resolve(".msinfo");
        Files.write(garbage, "this is no msinfo\n\0\1\2".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> MsinfoLocation.resolve(channel(".msinfo"), home, home.resolve(".mailsync"), quiet))
                .isInstanceOf(MsinfoException.class)
                .hasMessageContaining("msinfo " + garbage + " is neither")
                .hasMessageContaining("SQLite")
                .hasMessageContaining("original mailsync's msinfo (an mbox file")
                .hasMessageContaining("move it aside");
        assertThat(home.resolve(".msinfo.db")).doesNotExist();
    }
}
