package org.mailsync.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.store.MessageMeta;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.VisibleLogLines;

/**
 * What is left in a Maildir's {@code tmp/} by a delivery that never finished (a mailsync run
 * killed while writing a big message): removed when the folder is next indexed or appended to
 * if mailsync on this host made it for a process that no longer runs, or if it has not been
 * touched for 36 hours (the spec's rule for readers); kept while a process that may still write
 * it runs, and when it is another program's and younger than that.
 */
class MaildirTmpCleanupTest {

    @TempDir
    Path dir;

    private Path box;
    private final MaildirFormat format = new MaildirFormat();
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void makeMaildir() throws StoreException {
        box = dir.resolve("box");
        format.create(box);
    }

    @AfterEach
    void endChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] message(String subject) {
        return ("From: a@example.org\nSubject: " + subject + "\nMessage-ID: <" + subject + "@example.org>\n\nbody of " + subject + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private String append(MaildirFormat f, String subject) throws StoreException {
        return f.append(box, new ByteArrayInputStream(message(subject)), Set.of(), null);
    }

    /** The first 100 KiB of a big message, as a killed delivery leaves it. */
    private static byte[] partial() {
        byte[] head = message("big");
        byte[] bytes = Arrays.copyOf(head, 100 * 1024);
        Arrays.fill(bytes, head.length, bytes.length, (byte) 'x');
        return bytes;
    }

    /** A name exactly as this mailsync on this host makes them, but of process {@code pid}. */
    private static String mailsyncName(long pid) {
        String name = UniqueNames.next().replaceFirst("P\\d+Q", "P" + pid + "Q");
        assertThat(name).contains("P" + pid + "Q");
        return name;
    }

    private Path leave(Path folder, String name) throws IOException {
        Path file = folder.resolve("tmp").resolve(name);
        Files.write(file, partial());
        return file;
    }

    private Path leave(String name) throws IOException {
        return leave(box, name);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The pid of a process that has run and ended (and been reaped). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assumeThat(ProcessHandle.of(p.pid())).as("pid " + p.pid() + " reused at once").isEmpty();
        return p.pid();
    }

    private Process runningChild() throws IOException {
        Process p = new ProcessBuilder("sleep", "300").start();
        children.add(p);
        return p;
    }

    private Process lockHolder(String mode, Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = Path.of(TmpFileLockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(java, "-cp", classpath, TmpFileLockHolder.class.getName(), mode, file.toString())
                .redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        return line == null ? "(no output; exit " + p.waitFor() + ")" : line;
    }

    private static List<String> keys(List<MessageMeta> index) {
        return index.stream().map(MessageMeta::key).toList();
    }

    // ------------------------------------------------------------ a dead mailsync's leftovers

    @Test
    void aDeadMailsyncsPartialDeliveryIsRemovedAtTheNextIndexWithAVisibleLineAndTheMessagesStayTheSame() throws Exception {
        append(format, "one");
        append(format, "two");
        List<MessageMeta> before = format.index(box);
        String name = mailsyncName(deadPid());
        leave(name);

        List<MessageMeta> after;
        List<String> lines;
        try (VisibleLogLines log = VisibleLogLines.capture()) {
            after = new MaildirFormat().index(box); // the next run
            lines = log.lines();
        }

        assertThat(files(box.resolve("tmp"))).isEmpty();
        assertThat(keys(after)).isEqualTo(keys(before));
        assertThat(after).extracting(MessageMeta::size).isEqualTo(before.stream().map(MessageMeta::size).toList());
        assertThat(lines).as("one visible line per removed partial copy of mail").hasSize(1);
        assertThat(lines.get(0)).startsWith("Warning: ").contains(box.toString(), "tmp/" + name, "no longer runs");
    }

    @Test
    void aDeadMailsyncsPartialDeliveryIsRemovedAtTheNextAppend() throws Exception {
        String one = append(format, "one");
        String name = mailsyncName(deadPid());
        leave(name);

        String two = append(new MaildirFormat(), "two");

        assertThat(files(box.resolve("tmp"))).isEmpty();
        assertThat(keys(format.index(box))).containsExactly(one, two);
    }

    @Test
    void theLeftoversOfAMaildirPlusPlusTreeAreRemovedFolderByFolder() throws Exception {
        MaildirPlusPlusStore store = new MaildirPlusPlusStore("test", dir.resolve("tree"));
        store.createFolder("INBOX");
        store.createFolder("Sub");
        Path tree = store.root();
        long dead = deadPid();
        String inInbox = mailsyncName(dead);
        String inSub = mailsyncName(dead);
        leave(tree, inInbox);
        leave(tree.resolve(".Sub"), inSub);

        assertThat(store.index("Sub")).isEmpty();
        assertThat(files(tree.resolve(".Sub/tmp"))).isEmpty();
        assertThat(files(tree.resolve("tmp"))).as("INBOX's tmp/ is INBOX's business").containsExactly(inInbox);

        store.append("INBOX", new ByteArrayInputStream(message("one")), Set.of(), null);
        assertThat(files(tree.resolve("tmp"))).isEmpty();
        assertThat(store.index("INBOX")).hasSize(1);
    }

    // ------------------------------------------------------------ deliveries that may be running

    @Test
    void aDeliveryOfThisJvmIsKept() throws Exception {
        String name = mailsyncName(ProcessHandle.current().pid());
        leave(name);

        format.index(box);
        append(new MaildirFormat(), "one");

        assertThat(files(box.resolve("tmp"))).containsExactly(name);
    }

    @Test
    void theDeliveryInProgressInThisJvmIsKeptWhileAnotherStoreIndexesTheFolder() throws Exception {
        MaildirFormat other = new MaildirFormat();
        List<String> seenInTmp = new ArrayList<>();
        byte[] big = partial();
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(big)) {
            boolean indexed;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!indexed && in.available() < big.length) { // half-way: part of it is in tmp/
                    indexed = true;
                    try {
                        other.index(box);
                        format.index(box);
                        seenInTmp.addAll(files(box.resolve("tmp")));
                    } catch (StoreException e) {
                        throw new UncheckedIOException(new IOException(e));
                    }
                }
                return super.read(b, off, Math.min(len, 4096));
            }
        };

        String key = format.append(box, slow, Set.of(), null);

        assertThat(seenInTmp).containsExactly(key);
        try (InputStream in = format.open(box, key)) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }
        assertThat(files(box.resolve("tmp"))).isEmpty();
    }

    @Test
    void aRunningProcesssDeliveryIsKeptUntilTheProcessEnds() throws Exception {
        Process child = runningChild();
        String name = mailsyncName(child.pid());
        leave(name);

        format.index(box);
        append(format, "one");
        assertThat(files(box.resolve("tmp"))).containsExactly(name);

        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        format.index(box);
        assertThat(files(box.resolve("tmp"))).isEmpty();
    }

    /**
     * A delivery whose pid means nothing here (a mailsync in another pid namespace with this
     * host's name, or on another machine with the same short name sharing the Maildir): the
     * lock its writer holds keeps it.
     */
    @Test
    void aFileAnotherProcessHoldsLockedIsKeptWhateverItsName() throws Exception {
        Path file = leave(mailsyncName(deadPid()));
        Process holder = lockHolder("hold", file);
        assertThat(firstLine(holder)).isEqualTo("held");

        format.index(box);
        append(new MaildirFormat(), "one");
        assertThat(file).exists();

        holder.destroyForcibly();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        new MaildirFormat().index(box);
        assertThat(file).doesNotExist();
    }

    @Test
    void aDeliveryHoldsALockOnItsTmpFileThatOtherProcessesSee() throws Exception {
        List<String> probes = new ArrayList<>();
        byte[] big = partial();
        InputStream slow = new FilterInputStream(new ByteArrayInputStream(big)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (probes.isEmpty() && in.available() < big.length) {
                    try {
                        List<String> inTmp = files(box.resolve("tmp"));
                        assertThat(inTmp).hasSize(1);
                        probes.add(firstLine(lockHolder("try", box.resolve("tmp").resolve(inTmp.get(0)))));
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                }
                return super.read(b, off, Math.min(len, 4096));
            }
        };

        format.append(box, slow, Set.of(), null);

        assertThat(probes).containsExactly("busy");
    }

    // ------------------------------------------------------------ other programs' files

    @Test
    void otherProgramsFilesAndNamesNotQuiteOursAreKeptWhileYoungerThan36Hours() throws Exception {
        long dead = deadPid();
        String ours = mailsyncName(dead);
        String host = ours.substring(ours.indexOf('.', ours.indexOf(".M") + 1) + 1);
        String secs = ours.substring(0, ours.indexOf('.'));
        List<String> foreign = List.of(
                secs + ".M12P" + dead + "." + host,                  // Dovecot
                secs + "." + dead + "_3." + host,                    // mbsync
                secs + "." + dead + "." + host,                      // qmail
                secs + ".M12P" + dead + "Q1R5f3a." + host,           // getmail-like: more after Q
                secs + ".M12P" + dead + "Q1.other-host",             // ours, but another host's
                ours + ",S=102400",                                  // ours with more after it
                ours + ":2,S",
                "M12P" + dead + "Q1." + host,                        // no time
                secs + ".M0012P" + dead + "Q1." + host);             // zero-padded: not how we write
        for (String name : foreign) {
            leave(name);
        }
        // Looks old by its times, but was written just now (its change time says so): our own
        // deliveries set a message's internal date as mtime before renaming it into place.
        String backdated = secs + ".M13P" + dead + "." + host;
        Path file = leave(backdated);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(40)));
        Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(old, old, null);

        format.index(box);
        append(new MaildirFormat(), "one");

        List<String> expected = new ArrayList<>(foreign);
        expected.add(backdated);
        assertThat(files(box.resolve("tmp"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anyFileUntouchedFor36HoursIsRemovedButNotHiddenFilesOrDirectories() throws Exception {
        Process child = runningChild();
        leave("1700000000.M12P4242.dovecot-host,S=102400");
        leave(mailsyncName(child.pid()));                     // a pid reused since: nobody writes this any more
        leave(".nfs000000000012345600000001");                // NFS's "silly rename" of an open, deleted file
        Files.createDirectory(box.resolve("tmp").resolve("somedir"));
        MaildirFormat later = new MaildirFormat(true, Clock.offset(Clock.systemUTC(), Duration.ofHours(37)));

        List<String> lines;
        try (VisibleLogLines log = VisibleLogLines.capture()) {
            later.index(box);
            lines = log.lines();
        }

        assertThat(files(box.resolve("tmp"))).containsExactlyInAnyOrder(".nfs000000000012345600000001", "somedir");
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("Warning: ").contains("36 hours"));
    }

    @Test
    void aFileUntouchedFor36HoursIsKeptWhileAnotherProcessHoldsItLocked() throws Exception {
        Path file = leave("1700000000.M12P4242.dovecot-host");
        Process holder = lockHolder("hold", file);
        assertThat(firstLine(holder)).isEqualTo("held");

        new MaildirFormat(true, Clock.offset(Clock.systemUTC(), Duration.ofHours(37))).index(box);

        assertThat(file).exists();
    }
}
