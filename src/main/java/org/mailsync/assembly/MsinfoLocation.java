package org.mailsync.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.mailsync.config.ChannelConfig;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.msinfo.MsinfoProblems;

/**
 * Where a channel's msinfo database lives. A new user's {@code msinfo} path holds our SQLite
 * database itself. A path that already holds the original mailsync's msinfo (an mbox file, or
 * the empty file made for its first run) is left untouched for the original, and our database
 * goes beside it as {@code <path>.db}. Anything else there is refused rather than guessed at.
 * An msinfo on an IMAP server ({@code {server}box}) is never written there: our state goes to
 * {@code <config dir>/.mailsync-state/<channel>.db}, and the run says so.
 */
public final class MsinfoLocation {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** How the original's msinfo, a c-client mbox file, begins (what its reader expects too). */
    private static final byte[] MBOX_FROM = "From ".getBytes(StandardCharsets.US_ASCII);

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

    /**
     * The SQLite file of a channel's msinfo.
     *
     * @throws MsinfoException the path holds something that is neither our database nor the
     *                         original's msinfo, or cannot be read (naming it, the reason and
     *                         the way out)
     */
    public static Path resolve(ChannelConfig channel, Path home, Path configFile, PrintStream notes) throws MsinfoException {
        Path path = channel.msinfoPath(home);
        if (path == null) {
            Path state = remoteState(channel, configFile);
            notes.println("Note: msinfo " + channel.msinfo() + " is on a server; mailsync keeps channel \"" + channel.name()
                    + "\"'s state in " + state);
            return state;
        }
        if (Files.isDirectory(path)) {
            throw notOurs(path, "a directory");
        }
        if (!Files.isRegularFile(path)) {
            return path;
        }
        byte[] start;
        try (InputStream in = Files.newInputStream(path)) {
            start = in.readNBytes(SQLITE_MAGIC.length);
        } catch (IOException e) {
            throw new MsinfoException("cannot read msinfo " + path + ": " + MsinfoProblems.reason(e, path)
                    + "; mailsync must be able to read and write it", e);
        }
        if (Arrays.equals(start, SQLITE_MAGIC)) {
            return path;
        }
        // The original's msinfo (an mbox file), or the empty file its users create before their
        // first run (c-client cannot open a missing one): either way it stays the original's,
        // and our database goes beside it.
        if (start.length == 0 || startsWith(start, MBOX_FROM)) {
            return path.resolveSibling(path.getFileName() + ".db");
        }
        // Anything else was once taken for the original's file too: a fresh state was started
        // beside it and mail deleted since the last run was copied back without a word.
        throw notOurs(path, "a file of another kind");
    }

    private static MsinfoException notOurs(Path path, String what) {
        return new MsinfoException("msinfo " + path + " is neither mailsync's state (an SQLite database) nor the original"
                + " mailsync's msinfo (an mbox file, its first line \"From ...\", or an empty file made for its first run), but "
                + what + "; refusing to guess. If the channel's msinfo should be elsewhere, correct the config; if that"
                + " file is not needed, move it aside or delete it: " + MsinfoProblems.FIRST_RUN + ".");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
