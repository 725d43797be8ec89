package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.cli.MailTree.maildir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped example {@code config/routes/eml-copies.camel.yaml} (loaded with the audit
 * example by {@code --routes config/routes}) saves every copied message, both ways, as a
 * {@code .eml} under {@code ~/mailsync-copies/<target store>/<boxname>/}, holding exactly the
 * bytes the copy route carried, i.e. the message as read from its source store; and it does so
 * for a 50 MB message in a 128 MB heap (a forked CLI), which is only possible if the message is
 * streamed and spooled, never held whole.
 *
 * <p>What is compared: the .eml with the <em>source</em> message. A Maildir source file is
 * the message byte for byte, CRLF line ends included. The target may legitimately differ: local
 * stores keep Unix line ends, and an mbox adds its {@code From } line, Status fields and mboxrd
 * quoting; so the mbox target is only checked for line ends. For an mbox source the message is
 * what the mbox holds, unquoted and without Status fields, which is what a Maildir target
 * stores: there the .eml equals the target file too.
 */
class EmlCopiesTest {

    private static final Path EXAMPLE_ROUTES = Path.of("config/routes").toAbsolutePath();
    private static final Path SPAM = Path.of("src/test/resources/corpus/apache-spamassassin/t/data/spam");

    @TempDir
    Path home;

    @Test
    void everyCopyBothWaysIsSavedAsTheSourceMessage() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        Path inbox = home.resolve("Mail/inbox");
        maildir(inbox);
        List<byte[]> fromLaptop = new ArrayList<>();
        fromLaptop.add(Files.readAllBytes(SPAM.resolve("001")));                          // corpus, LF
        fromLaptop.add(Files.readAllBytes(SPAM.resolve("dmarc/strictrejectko.eml")));     // corpus, CRLF
        fromLaptop.add(("From: Alice <alice@example.org>\nSubject: quoting\nMessage-ID: <q1@example.org>\n\n"
                + "From here on a line an mbox must quote,\n>From one already quoted,\nand the end.\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < fromLaptop.size(); i++) {
            Files.write(inbox.resolve("cur").resolve("1583143200.eml" + i + ".test:2,S"), fromLaptop.get(i));
        }
        assertThat(new String(fromLaptop.get(1), StandardCharsets.ISO_8859_1)).contains("\r\n");
        Files.createDirectories(home.resolve("Archive"));
        // An mbox as it stores messages: mboxrd-quoted ">From" body line, Status field.
        Files.writeString(home.resolve("Archive/inbox"), """
                From bob@example.org Mon Mar  2 10:00:00 2020
                From: Bob <bob@example.org>
                Subject: from the archive
                Message-ID: <r1@example.org>
                Status: RO

                >From the archive, quoted in the file.
                Bye.

                From bob@example.org Mon Mar  2 11:00:00 2020
                From: Bob <bob@example.org>
                Subject: second
                Message-ID: <r2@example.org>

                Second body.

                """, StandardCharsets.ISO_8859_1);
        List<String> fromArchive = List.of("""
                From: Bob <bob@example.org>
                Subject: from the archive
                Message-ID: <r1@example.org>

                From the archive, quoted in the file.
                Bye.
                """, """
                From: Bob <bob@example.org>
                Subject: second
                Message-ID: <r2@example.org>

                Second body.
                """);
        List<String> originalFiles = names(inbox.resolve("cur"));

        CliRun run = CliRun.run(home, "--routes", EXAMPLE_ROUTES.toString(), "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("3 copied laptop->archive.", "2 copied archive->laptop.");
        // laptop -> archive: the .eml files are the Maildir files, byte for byte (CRLF kept) ...
        assertThat(sorted(contents(home.resolve("mailsync-copies/archive/INBOX"))))
                .containsExactlyElementsOf(sorted(fromLaptop.stream().map(EmlCopiesTest::latin1).toList()));
        // ... while the mbox target keeps Unix line ends.
        String mbox = Files.readString(home.resolve("Archive/inbox"), StandardCharsets.ISO_8859_1);
        assertThat(mbox).doesNotContain("\r").contains("\n>From here on a line", "\n>>From one already quoted");
        // archive -> laptop: the .eml files are the messages unquoted, without Status, which is
        // also exactly what the Maildir target holds.
        List<String> emlFromArchive = sorted(contents(home.resolve("mailsync-copies/laptop/INBOX")));
        assertThat(emlFromArchive).containsExactlyElementsOf(sorted(fromArchive));
        List<String> newTargetFiles = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> files = Files.list(inbox.resolve(sub))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (!originalFiles.contains(f.getFileName().toString())) {
                        newTargetFiles.add(latin1(Files.readAllBytes(f)));
                    }
                }
            }
        }
        assertThat(sorted(newTargetFiles)).isEqualTo(emlFromArchive);
        // Nothing else was saved, and the audit example beside it saw the same five copies.
        try (Stream<Path> all = Files.walk(home.resolve("mailsync-copies"))) {
            assertThat(all.filter(Files::isRegularFile)).hasSize(5).allSatisfy(f -> assertThat(f.toString()).endsWith(".eml"));
        }
        assertThat(Files.readAllLines(home.resolve(".mailsync-audit.log"))).hasSize(5);
    }

    /**
     * The real CLI in its own JVM with a 128 MB heap copies a 50 MB message Maildir to Maildir;
     * the source, the target copy and the .eml have the same SHA-256.
     */
    @Test
    void aFiftyMegabyteMessageIsStreamedToTheTargetAndTheEmlInA128MegabyteHeap() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop { pat Mail/%    prefix Mail/ }
                store backup { pat Backup/%  prefix Backup/ }
                channel keep laptop backup { msinfo .msinfo }
                """);
        maildir(home.resolve("Mail/inbox"));
        maildir(home.resolve("Backup/inbox"));
        Path big = home.resolve("Mail/inbox/cur/1583143200.big.test:2,S");
        String sourceSum = writeBigMessage(big, 50L << 20);

        Path tmp = Files.createDirectories(home.resolve("tmp"));
        // Camel's default spool directory, java.io.tmpdir/camel, shared by every user of the
        // machine, made unusable as another user's would be (a file: root ignores modes).
        Files.writeString(tmp.resolve("camel"), "not a directory");
        Path stdout = home.resolve("fork.out");
        Path stderr = home.resolve("fork.err");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"),
                "org.mailsync.cli.Mailsync", "--routes", EXAMPLE_ROUTES.toString(), "keep")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("HOME", home.toString());
        Process cli = pb.start();
        boolean finished = cli.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            cli.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String report = "--- out ---\n" + Files.readString(stdout) + "--- err ---\n" + Files.readString(stderr);

        assertThat(finished).as("the CLI finished in 60 s; " + report).isTrue();
        assertThat(cli.exitValue()).as(report).isZero();
        assertThat(Files.readString(stdout)).contains("1 copied laptop->backup.");
        assertThat(Files.readString(stderr)).isEmpty();
        List<Path> targets = messageFiles(home.resolve("Backup/inbox"));
        assertThat(targets).hasSize(1);
        assertThat(Files.size(targets.get(0))).isEqualTo(Files.size(big));
        assertThat(sha256(targets.get(0))).as("the target copy").isEqualTo(sourceSum);
        List<Path> emls;
        try (Stream<Path> files = Files.list(home.resolve("mailsync-copies/backup/INBOX"))) {
            emls = files.toList();
        }
        assertThat(emls).hasSize(1);
        assertThat(sha256(emls.get(0))).as("the .eml").isEqualTo(sourceSum);
        // The message was spooled in a directory of the run's own, gone with the run.
        try (Stream<Path> spooled = Files.list(tmp)) {
            assertThat(spooled.map(f -> f.getFileName().toString())).containsExactly("camel");
        }
    }

    /** A message of about {@code size} bytes, written in a stream; returns its SHA-256. */
    private static String writeBigMessage(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] head = ("From: Alice <alice@example.org>\nTo: bob@example.org\nSubject: a big one\n"
                + "Date: Mon, 2 Mar 2020 10:00:00 +0000\nMessage-ID: <big@example.org>\n\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(head);
            sha.update(head);
            byte[] line = new byte[77];
            long written = head.length;
            for (long n = 0; written < size; n++) {
                // 76 characters of base64-like text that differ from line to line, and LF.
                long x = n * 0x9E3779B97F4A7C15L;
                for (int i = 0; i < 76; i++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    line[i] = (byte) "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charAt((int) (x & 63));
                }
                line[76] = '\n';
                out.write(line);
                sha.update(line);
                written += line.length;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static List<Path> messageFiles(Path maildir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> s = Files.list(maildir.resolve(sub))) {
                s.forEach(files::add);
            }
        }
        return files;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> contents(Path dir) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                texts.add(latin1(Files.readAllBytes(f)));
            }
        }
        return texts;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static List<String> sorted(List<String> texts) {
        List<String> copy = new ArrayList<>(texts);
        copy.sort(null);
        return copy;
    }
}
