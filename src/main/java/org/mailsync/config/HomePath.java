package org.mailsync.config;

import java.nio.file.Path;

/**
 * Resolves a path written in the config the way the original resolved local mailbox names:
 * relative to $HOME. {@code ~} and {@code ~/...} are accepted too, because users write them
 * and expect a shell's meaning.
 */
final class HomePath {

    private HomePath() {
    }

    /** Whether the text is a {@code ~user/...} form, which we do not expand. */
    static boolean isOtherUsersHome(String written) {
        return written.startsWith("~") && !written.equals("~") && !written.startsWith("~/");
    }

    static Path resolve(String written, Path home) {
        if (written.equals("~")) {
            return home.normalize();
        }
        String rest = written.startsWith("~/") ? written.substring(2) : written;
        return home.resolve(rest).normalize();
    }
}
