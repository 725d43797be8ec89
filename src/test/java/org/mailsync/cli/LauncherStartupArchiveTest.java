package org.mailsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./mailsync}) records its class-data-sharing archive from a training
 * sync of the demo stores, whatever the user runs first: after a {@code -h} as the first
 * command, the archive holds far more than the classes of a {@code -h}, and is marked
 * complete. Run on a scratch install: the launcher script, the test class path as its jar,
 * and the demo stores.
 */
class LauncherStartupArchiveTest {

    @TempDir
    Path dir;

    @Test
    void theArchiveIsRecordedFromATrainingSyncNotFromTheFirstCommand() throws Exception {
        Path install = Files.createDirectories(dir.resolve("install"));
        Files.copy(Path.of("mailsync"), install.resolve("mailsync"));
        Path target = Files.createDirectories(install.resolve("target"));
        // The install's jar from the main classes of this build, its lib/ from the test's class path.
        Path lib = Files.createDirectories(target.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar")) {
                Files.createSymbolicLink(lib.resolve(p.getFileName()), p.toAbsolutePath());
            } else if (p.getFileName().toString().equals("classes")) {
                jar(p, target.resolve("mailsync.jar"));
            }
        }
        copyTree(Path.of("config/demo/home"), install.resolve("config/demo/home"));
        Path home = Files.createDirectories(dir.resolve("home"));

        ProcessBuilder launcher = new ProcessBuilder("bash", install.resolve("mailsync").toString(), "-h")
                .redirectErrorStream(true).redirectOutput(dir.resolve("help.out").toFile());
        launcher.environment().put("HOME", home.toString());
        Process help = launcher.start();
        help.getOutputStream().close();
        assertThat(help.waitFor(180, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        assertThat(help.exitValue()).as(Files.readString(dir.resolve("help.out"))).isZero();

        List<Path> archives;
        try (Stream<Path> files = Files.list(target)) {
            archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
        }
        assertThat(archives).hasSize(1);
        Path archive = archives.get(0);
        assertThat(archive.resolveSibling(archive.getFileName() + ".ok")).exists();
        // What the old launcher did: record the archive from the first command itself.
        Path helpOnly = dir.resolve("help-only.jsa");
        Process baseline = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:ArchiveClassesAtExit=" + helpOnly,
                "-cp", target.resolve("mailsync.jar") + File.pathSeparator + lib + "/*", "org.mailsync.cli.Mailsync", "-h")
                .redirectErrorStream(true).redirectOutput(dir.resolve("baseline.out").toFile()).start();
        baseline.getOutputStream().close();
        assertThat(baseline.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(archive)).as("the training archive against a -h archive of %d bytes", Files.size(helpOnly))
                .isGreaterThan(2 * Files.size(helpOnly));
        assertThat(home).isEmptyDirectory(); // the training ran in a scratch home of its own
    }

    private static void jar(Path classes, Path jar) throws Exception {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> paths = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = classes.relativize(p).toString();
                if (Files.isRegularFile(p)) {
                    out.putNextEntry(new java.util.jar.JarEntry(name));
                    Files.copy(p, out);
                    out.closeEntry();
                } else if (!name.isEmpty()) {
                    // Directory entries, as Maven writes them: Flyway finds its migrations by them.
                    out.putNextEntry(new java.util.jar.JarEntry(name + "/"));
                    out.closeEntry();
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
