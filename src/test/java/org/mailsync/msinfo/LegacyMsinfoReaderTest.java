package org.mailsync.msinfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.compat.OriginalMailsync;

/**
 * Reading the original's msinfo: a sample it wrote (kept in the test resources, so this runs
 * without the binary), and files the installed original writes during the test.
 */
class LegacyMsinfoReaderTest {

    @TempDir
    Path tmp;

    @Test
    void capturedSampleWithPseudoMessageAndTwoChannels() throws Exception {
        Path sample = Path.of(getClass().getResource("/legacy/msinfo-two-channels.mbox").toURI());

        Map<String, LegacyChannelRecord> records = LegacyMsinfoReader.read(sample);

        assertThat(records).containsOnlyKeys("plain", "hashed");
        LegacyChannelRecord plain = records.get("plain");
        assertThat(plain.folders()).containsExactly(
                Map.entry("empty", List.of()),
                Map.entry("inbox", List.of("<a1@example.org>", "<a2@example.org>", "<b1@example.org>")),
                Map.entry("work", List.of("<w1@example.org>")));
        assertThat(plain.messageCount()).as("the <> line of the id-less message is dropped").isEqualTo(4);
        LegacyChannelRecord hashed = records.get("hashed");
        assertThat(hashed.folders().get("inbox")).hasSize(4).allMatch(id -> id.matches("<>, md5: <[0-9a-f]{32}>"));
        assertThat(hashed.folders().get("work")).containsExactly("<>, md5: <e9433efbe0eb3c5af9a6c6ed874de32d>");
    }

    @Test
    void nonMailsyncMessagesAndEmptyBoxnameAreReadAsTheOriginalReadsThem() throws Exception {
        Path file = tmp.resolve("msinfo");
        Files.writeString(file, """
                From someone Thu Nov 26 14:22:26 2026
                From: someone else
                Subject: c

                inbox
                <x@y>

                From mstest@vm Thu Nov 26 14:22:26 2026 +0000
                From: mailsync
                Subject: c

                <top@x>
                sub
                <s@x>

                <again@x>

                """, StandardCharsets.ISO_8859_1);

        LegacyChannelRecord c = LegacyMsinfoReader.read(file, "c").orElseThrow();

        // ids before any box line and after an empty line belong to the empty boxname (pat = prefix)
        assertThat(c.folders()).containsExactly(Map.entry("", List.of("<top@x>", "<again@x>")), Map.entry("sub", List.of("<s@x>")));
    }

    @Test
    void fileWrittenByTheInstalledOriginal() throws Exception {
        OriginalMailsync original = OriginalMailsync.require();
        Path dir = original.newScenarioDir();
        try {
            String rel = original.home().relativize(dir).toString();
            mbox(dir.resolve("A/inbox"), "a1", "a2", null);
            mbox(dir.resolve("A/work"), "w1");
            mbox(dir.resolve("B/inbox"), "b1");
            Files.writeString(dir.resolve("cfg"), "store a { pat " + rel + "/A/% prefix " + rel + "/A/ }\n"
                    + "store b { pat " + rel + "/B/% prefix " + rel + "/B/ }\n"
                    + "channel one a b { msinfo " + rel + "/msinfo }\n"
                    + "channel two a b { msinfo " + rel + "/msinfo }\n");
            Files.createFile(dir.resolve("msinfo"));
            assertThat(original.run(dir, "-f", rel + "/cfg", "one").exitCode()).isZero();
            assertThat(original.run(dir, "-f", rel + "/cfg", "-t", "md5", "two").exitCode()).isZero();

            Map<String, LegacyChannelRecord> records = LegacyMsinfoReader.read(dir.resolve("msinfo"));

            assertThat(records.get("one").folders()).containsExactly(
                    Map.entry("inbox", List.of("<a1@example.org>", "<a2@example.org>", "<b1@example.org>")),
                    Map.entry("work", List.of("<w1@example.org>")));
            assertThat(records.get("two").folders().get("inbox")).hasSize(4);
            assertThat(records.get("two").messageCount()).isEqualTo(5);
        } finally {
            OriginalMailsync.delete(dir);
        }
    }

    static void mbox(Path file, String... ids) throws Exception {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            String name = id == null ? "noid" : id;
            sb.append("From alice@example.org Mon Mar  2 10:00:00 2020\nFrom: Alice <alice@example.org>\nTo: bob@example.org\n")
                    .append("Subject: subject ").append(name).append("\nDate: Mon, 2 Mar 2020 10:00:00 +0000\n")
                    .append(id == null ? "" : "Message-ID: <" + id + "@example.org>\n").append("\nBody of ").append(name)
                    .append("\n\n");
        }
        Files.writeString(file, sb, StandardCharsets.ISO_8859_1);
    }
}
