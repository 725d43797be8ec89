package org.mailsync.assembly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.mailsync.config.ConfigException;
import org.mailsync.config.ConfigLocation;
import org.mailsync.config.ImapSpec;
import org.mailsync.config.StoreConfig;

/**
 * Stores written on the command line instead of in the config ({@code mailsync migrate}):
 * <ul>
 *   <li>{@code maildir:PATH}, {@code mbox:PATH}, {@code mh:PATH}: a local store of that format
 *       rooted at PATH (a directory; {@code ~/} is the home directory, a relative path is
 *       relative to the working directory), every folder ({@code *}). {@code mbox:FILE} of an
 *       existing file is that one mbox folder. A Maildir root with {@code .sub} folders is read
 *       in the Maildir++ layout, as a config's store would be.</li>
 *   <li>{@code imap://USER@HOST[:PORT][/FLAG...]} (and {@code imaps://}, which adds
 *       {@code /ssl}): every folder of that IMAP account; FLAGs are the config's server flags
 *       ({@code /notls}, {@code /novalidate-cert}, ...), and {@code /xoauth2} logs in with an
 *       OAuth2 access token ({@code auth xoauth2}). The password (or token) comes from a password
 *       command (the {@code --accounts} file's, {@code --source-passcmd}), else the terminal.</li>
 * </ul>
 * The store's name is the spec as written.
 */
public final class InlineStores {

    private InlineStores() {
    }

    /** Whether a name is an inline store spec rather than a store of the config. */
    public static boolean isInline(String spec) {
        String s = spec.toLowerCase(Locale.ROOT);
        return s.startsWith("maildir:") || s.startsWith("mbox:") || s.startsWith("mh:") || s.startsWith("imap://")
                || s.startsWith("imaps://");
    }

    /**
     * The store a spec describes.
     *
     * @param home what {@code ~/} stands for
     * @throws ConfigException the spec is not one of the forms above
     */
    public static StoreConfig parse(String spec, Path home) throws ConfigException {
        ConfigLocation where = new ConfigLocation(Path.of("command line"), 0);
        String lower = spec.toLowerCase(Locale.ROOT);
        if (ImapSpec.isImap(spec)) {
            ImapSpec imap;
            try {
                imap = ImapSpec.parse(spec);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where, "\"" + spec + "\": " + e.getMessage());
            }
            return new StoreConfig(spec, imap.server(), null, "*", "", null, null, null, null, null, null, where, null, null,
                    imap.xoauth2() ? StoreConfig.AUTH_XOAUTH2 : null, null);
        }
        int colon = spec.indexOf(':');
        String format = lower.substring(0, colon);
        String written = spec.substring(colon + 1);
        if (written.isEmpty()) {
            throw new ConfigException(where, "\"" + spec + "\": a local store is " + format + ":PATH");
        }
        Path path = written.equals("~") ? home : written.startsWith("~/") ? home.resolve(written.substring(2))
                : Path.of(written).toAbsolutePath();
        path = path.normalize();
        String pattern = "*";
        if (format.equals("mbox") && Files.isRegularFile(path)) {
            pattern = path.getFileName().toString();
            path = path.getParent();
        }
        return new StoreConfig(spec, null, null, pattern, "", null, null, format, null, path, null, where, null, format);
    }

    /** The store with its password taken from this command instead (null: as it is). */
    public static StoreConfig withPasscmd(StoreConfig config, String passcmd) {
        if (passcmd == null || passcmd.isBlank() || config.isLocal()) {
            return config;
        }
        return new StoreConfig(config.name(), config.server(), config.ref(), config.pattern(), config.prefix(), null, passcmd,
                config.format(), config.layout(), config.path(), config.maxConnections(), config.location(), config.trash(),
                config.newFolderFormat(), config.auth(), config.throttle());
    }
}
