package org.mailsync.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel lock is an OS lock, so it goes with its process even on kill -9; when it is held,
 * the refusal names the lock file and the pid of the run that holds it. Other processes are
 * real ones ({@link ChannelLockHolder} in a second JVM), as only they see the OS lock as others do.
 */
class ChannelLockNamesItsHolderTest {

    @TempDir
    Path dir;

    private Path msinfo() {
        return dir.resolve(".msinfo");
    }

    private Path lockFile() {
        return dir.resolve(".msinfo.lock");
    }

    private Process otherMailsync(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = Path.of(ChannelLock.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + File.pathSeparator
                + Path.of(ChannelLockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new ProcessBuilder(java, "-cp", classpath, ChannelLockHolder.class.getName(), mode, msinfo().toString())
                .redirectErrorStream(true).start();
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        return line == null ? "(no output; exit " + p.waitFor() + ")" : line;
    }

    @Test
    void aRunInAnotherProcessIsNamedByItsPidAndItsLockDiesWithIt() throws Exception {
        Process other = otherMailsync("hold");
        try {
            assertThat(firstLine(other)).isEqualTo("held");

            assertThatThrownBy(() -> ChannelLock.acquire(msinfo())).isInstanceOf(ChannelBusyException.class)
                    .hasMessageContaining("another mailsync run is syncing this channel")
                    .hasMessageContaining("pid " + other.pid()).hasMessageContaining(lockFile().toString());
        } finally {
            other.destroyForcibly(); // SIGKILL: no chance to clean up
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (ChannelLock lock = ChannelLock.acquire(msinfo())) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void aSecondRunInThisProcessIsRefusedWithoutFreeingTheFirstRunsLock() throws Exception {
        try (ChannelLock first = ChannelLock.acquire(msinfo())) {
            assertThatThrownBy(() -> ChannelLock.acquire(msinfo())).isInstanceOf(ChannelBusyException.class)
                    .hasMessageContaining("another mailsync run is syncing this channel")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid()).hasMessageContaining(lockFile().toString());

            Process other = otherMailsync("try");
            String answer = firstLine(other);
            other.waitFor(30, TimeUnit.SECONDS);
            assertThat(answer).as("another process, after our refused second attempt").startsWith("busy: ")
                    .contains("pid " + ProcessHandle.current().pid());
        }
        Process other = otherMailsync("try");
        assertThat(firstLine(other)).isEqualTo("acquired");
        other.waitFor(30, TimeUnit.SECONDS);
    }
}
