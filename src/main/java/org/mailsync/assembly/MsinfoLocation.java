package org.mailsync.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.mailsync.config.ChannelConfig;

/**
 * Where a channel's msinfo database lives. A new user's {@code msinfo} path holds our SQLite
 * database itself. A path that already holds the original mailsync's msinfo (an mbox file, or
 * the empty file made for its first run) is left untouched for the original, and our database
 * goes beside it as {@code <path>.db}. An
 * msinfo on an IMAP server ({@code {server}box}) is never written there: our state goes to
 * {@code <config dir>/.mailsync-state/<channel>.db}, and the run says so.
 */
public final class MsinfoLocation {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private MsinfoLocation() {
    }

    /**
     * The path a channel's lock is named after ({@code <path>.lock}): the msinfo path the config
     * names, whatever it holds, so that it does not depend on what {@link #resolve} finds there
     * (which a first run is in the middle of creating); for an msinfo on a server, our state file.
     */
    public static Path lockBase(ChannelConfig channel, Path home, Path configFile) {
        Path path = channel.msinfoPath(home);
        return path != null ? path : remoteState(channel, configFile);
    }

    private static Path remoteState(ChannelConfig channel, Path configFile) {
        return configFile.toAbsolutePath().getParent().resolve(".mailsync-state").resolve(channel.name() + ".db");
    }

    /** The SQLite file of a channel's msinfo. */
    public static Path resolve(ChannelConfig channel, Path home, Path configFile, PrintStream notes) throws IOException {
        Path path = channel.msinfoPath(home);
        if (path == null) {
            Path state = remoteState(channel, configFile);
            notes.println("Note: msinfo " + channel.msinfo() + " is on a server; mailsync keeps channel \"" + channel.name()
                    + "\"'s state in " + state);
            return state;
        }
        // An existing file that is not SQLite is the original's msinfo, or the empty file its
        // users create before their first run (c-client cannot open a missing one): either way
        // it stays the original's, and our database goes beside it.
        if (Files.isRegularFile(path) && !isSqlite(path)) {
            return path.resolveSibling(path.getFileName() + ".db");
        }
        return path;
    }

    private static boolean isSqlite(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
        }
    }
}
