package org.mailsync.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigParser;
import org.mailsync.config.MailsyncConfig;
import org.mailsync.store.imap.ServerConnectionLimit;

/**
 * The config a client's last request parsed, parsed again only when the file's bytes changed:
 * a client that runs a channel again and again (the daemon) reads a few hundred bytes per run
 * instead of parsing them. The bytes, not the time stamp, decide, so an edit is seen by the
 * next run however quickly it follows the last. Parsing is a function of the bytes, the path
 * and the home directory, so a config from here is the one a parse would give.
 */
final class ConfigCache {

    private Path file;
    private Path home;
    private byte[] bytes;
    private MailsyncConfig config;

    /** The config in a file, as {@link ConfigParser#parse(Path, Path)} gives it (and with its errors). */
    synchronized MailsyncConfig parse(Path file, Path home) throws ConfigException {
        byte[] now = read(file);
        if (now != null && config != null && file.equals(this.file) && home.equals(this.home) && Arrays.equals(now, bytes)
                && config.tablesUnchanged()) { // an accounts table's rows are channels too
            return limited(config);
        }
        config = null;
        MailsyncConfig parsed = ConfigParser.parse(file, home);
        // Kept only when the file did not change while it was parsed: the bytes stand for the config.
        if (now != null && Arrays.equals(now, read(file))) {
            this.file = file;
            this.home = home;
            this.bytes = now;
            this.config = parsed;
        }
        return limited(parsed);
    }

    /**
     * The config's {@code serverconnections} becomes the process's limit of connections per
     * IMAP server and login (a cluster node's share, when one is set, takes its place).
     */
    private static MailsyncConfig limited(MailsyncConfig config) {
        ServerConnectionLimit.jvm().configure(config.serverConnections());
        return config;
    }

    /** The file's bytes, or null when it cannot be read (the parser then says why). */
    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }
}
