package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mailsync.cli.MailTree.checksums;
import static org.mailsync.cli.MailTree.maildir;
import static org.mailsync.cli.MailTree.maildirIds;
import static org.mailsync.cli.MailTree.mbox;
import static org.mailsync.cli.MailTree.mboxIds;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.assembly.ChannelLock;
import org.mailsync.msinfo.MsinfoRepository;

/**
 * The documented recovery, "delete the channel's msinfo file", through the command line: after
 * a kill -9 that left committed state in the -wal, with a damaged msinfo, with a file that is no
 * msinfo at all, and with a state directory mailsync cannot write.
 */
class StateRecoveryTest {

    @TempDir
    Path home;

    @TempDir
    Path outside;

    Path msinfo;

    @BeforeEach
    void config() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
        msinfo = home.resolve(".msinfo");
    }

    /** a1 and a2 synced, then a2 deleted on archive: a run that knows the state deletes it on laptop. */
    private void syncedThenA2DeletedOnArchive() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        mbox(home.resolve("Archive/inbox"));
        CliRun first = CliRun.run(home, "backup");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        mbox(home.resolve("Archive/inbox"), "a1");
    }

    @Test
    void afterAKill9LeavingAWalDeletingTheMsinfoGivesAFirstRun() throws Exception {
        // a first run copied a2 to archive and committed INBOX, and was killed before closing
        maildir(home.resolve("Mail/inbox"), "a1", "a2");
        mbox(home.resolve("Archive/inbox"), "a1", "a2");
        killedWhileHoldingCommittedStateInTheWal("<a1@example.org>", "<a2@example.org>");
        // then a2 was deleted on archive: a run that knew that state would delete it on laptop
        mbox(home.resolve("Archive/inbox"), "a1");
        byte[] staleWal = Files.readAllBytes(home.resolve(".msinfo-wal"));

        Files.delete(msinfo);   // the documented recovery
        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as("a first run: copies only").contains("1 copied laptop->archive.").doesNotContain("deleted");
        assertThat(maildirIds(home.resolve("Mail/inbox"))).containsExactly("a1", "a2");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("a1", "a2");
        List<Path> asideWal = homeFilesStartingWith(".msinfo-wal.");
        List<Path> asideShm = homeFilesStartingWith(".msinfo-shm.");
        assertThat(asideWal).as(run.toString()).hasSize(1);
        assertThat(asideShm).as(run.toString()).hasSize(1);
        assertThat(Files.readAllBytes(asideWal.get(0))).as("moved aside untouched").isEqualTo(staleWal);
        assertThat(run.err()).contains("Note:", msinfo.toString(), asideWal.get(0).toString(), asideShm.get(0).toString());

        newMailStillFlows();
    }

    @Test
    void aDamagedMsinfoWithDataInItsWalIsOneClearErrorUntilItIsMovedAside() throws Exception {
        syncedThenA2DeletedOnArchive();
        killedWhileHoldingCommittedStateInTheWal("<a1@example.org>", "<a2@example.org>");
        damageAllButTheFirstPage(msinfo);
        Map<String, String> mail = mailChecksums();

        for (int attempt = 0; attempt < 2; attempt++) {
            CliRun refused = CliRun.run(home, "backup");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err().lines().filter(l -> !l.isBlank()).toList()).as(refused.toString()).hasSize(1);
            assertThat(refused.err()).as(refused.toString())
                    .startsWith("Error: msinfo " + msinfo + " is damaged")
                    .contains("delete it or move it aside", "first run");
            assertThat(mailChecksums()).isEqualTo(mail);
        }

        Files.move(msinfo, home.resolve("msinfo.broken"));   // only the main file, as a user does
        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("1 copied laptop->archive.").doesNotContain("deleted");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("a1", "a2");
        assertThat(homeFilesStartingWith(".msinfo-wal.")).as(run.toString()).hasSize(1);
        newMailStillFlows();
    }

    @Test
    void aFileThatIsNoMsinfoIsRefusedAndNothingDeletedComesBack() throws Exception {
        syncedThenA2DeletedOnArchive();
        Files.delete(msinfo);
        Files.writeString(msinfo, "PK\u0003\u0004 something else entirely\n");
        Map<String, String> before = checksums(home);

        for (String[] args : List.of(new String[] {"backup"}, new String[] {"-s", "backup"})) {
            CliRun run = CliRun.run(home, args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(run.err()).as(run.toString())
                    .startsWith("Error: msinfo " + msinfo + " is neither")
                    .contains("SQLite", "original mailsync's msinfo (an mbox file", "move it aside");
            assertThat(run.out()).doesNotContain("copied");
        }
        Map<String, String> after = checksums(home);
        after.remove(".msinfo.lock");
        before.remove(".msinfo.lock");
        assertThat(after).as("no msinfo.db started, no mail copied back").isEqualTo(before);
        assertThat(home.resolve(".msinfo.db")).doesNotExist();
    }

    @Test
    void anEmptyMsinfoIsStillTheOneMadeForTheOriginal() throws Exception {
        Files.createFile(msinfo);
        maildir(home.resolve("Mail/inbox"), "a1");
        mbox(home.resolve("Archive/inbox"));

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("1 copied laptop->archive.");
        assertThat(Files.size(msinfo)).as("left to the original").isZero();
        assertThat(home.resolve(".msinfo.db")).exists();
    }

    @Test
    void aStateDirectoryThatCannotBeMadeIsNamedWithTheReasonBeforeAnythingChanges() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo state/.msinfo }
                """);
        Files.writeString(home.resolve("state"), "a file where the state directory should be\n");
        maildir(home.resolve("Mail/inbox"), "a1");
        mbox(home.resolve("Archive/inbox"), "b1");
        Map<String, String> before = checksums(home);

        CliRun run = CliRun.run(home, "backup");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as(run.toString())
                .startsWith("Error: ")
                .contains(home.resolve("state/.msinfo.lock").toString(), home.resolve("state") + " is not a directory");
        assertThat(checksums(home)).isEqualTo(before);
    }

    @Test
    void anUnwritableStateDirectoryIsPermissionDeniedOnTheLockFileBeforeAnythingChanges() throws Exception {
        Files.writeString(home.resolve(".mailsync"), """
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo state/.msinfo }
                """);
        Path state = Files.createDirectories(home.resolve("state"));
        maildir(home.resolve("Mail/inbox"), "a1");
        mbox(home.resolve("Archive/inbox"), "b1");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("r-x------"));
        Map<String, String> before = checksums(home);
        try {
            // root writes anywhere; a forked run without CAP_DAC_OVERRIDE is refused like a user
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to run without CAP_DAC_OVERRIDE as root");
                command.addAll(List.of("/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"));
            }
            command.addAll(List.of(java(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "org.mailsync.cli.Mailsync", "backup"));
            Path out = outside.resolve("out");
            Path err = outside.resolve("err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("HOME", home.toString());
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the run finished").isTrue();
            String report = "exit " + p.exitValue() + "\n--- out ---\n" + Files.readString(out) + "--- err ---\n" + Files.readString(err);

            assertThat(p.exitValue()).as(report).isEqualTo(1);
            assertThat(Files.readString(err)).as(report)
                    .startsWith("Error: ")
                    .contains(state.resolve(".msinfo.lock").toString(), "permission denied");
            assertThat(checksums(home)).isEqualTo(before);
        } finally {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** New mail on laptop reaches archive on the next run, and the run after changes nothing. */
    private void newMailStillFlows() throws Exception {
        maildir(home.resolve("Mail/inbox"), "a3");
        CliRun next = CliRun.run(home, "backup");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.out()).contains("1 copied laptop->archive.").doesNotContain("deleted");
        assertThat(mboxIds(home.resolve("Archive/inbox"))).containsExactly("a1", "a2", "a3");
        CliRun quiet = CliRun.run(home, "backup");
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        assertThat(quiet.out()).doesNotContain("copied", "deleted");
        assertThat(quiet.err()).doesNotContain("Note:");
    }

    /**
     * A run that committed a folder pair and was killed (-9) before it closed msinfo: a forked
     * JVM takes the channel's lock, commits INBOX with these identities, and is killed, leaving
     * the commit in the -wal.
     */
    private void killedWhileHoldingCommittedStateInTheWal(String... identities) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), KilledWriter.class.getName(), msinfo.toString()));
        command.addAll(List.of(identities));
        Process p = new ProcessBuilder(command)
                .redirectError(outside.resolve("writer.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the writer committed; stderr: %s", outside.resolve("writer.err")).isEqualTo("committed");
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(Files.size(home.resolve(".msinfo-wal"))).as("the commit is still in the WAL").isPositive();
        assertThat(home.resolve(".msinfo-shm")).exists();
    }

    /** The forked writer: commits the channel's INBOX (msinfo, identities...), then waits to be killed. */
    public static final class KilledWriter {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            ChannelLock lock = ChannelLock.acquire(file);
            MsinfoRepository repo = MsinfoRepository.open(file);
            repo.replace("backup", "INBOX", Arrays.asList(args).subList(1, args.length));
            System.out.println("committed");
            System.out.flush();
            Thread.sleep(600_000);
            repo.close();
            lock.close();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Map<String, String> mailChecksums() throws Exception {
        Map<String, String> sums = checksums(home);
        sums.keySet().removeIf(f -> f.startsWith(".msinfo"));
        return sums;
    }

    private List<Path> homeFilesStartingWith(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /** What a torn write or a bad disk leaves: the header intact, the tables garbage. */
    private static void damageAllButTheFirstPage(Path file) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            assertThat(raf.length()).isGreaterThan(4096);
            byte[] garbage = new byte[(int) raf.length() - 4096];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) (i * 31 + 7);
            }
            raf.seek(4096);
            raf.write(garbage);
        }
    }
}
