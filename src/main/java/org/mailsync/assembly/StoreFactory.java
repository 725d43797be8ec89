package org.mailsync.assembly;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.mailsync.config.ConfigException;
import org.mailsync.config.StoreConfig;
import org.mailsync.job.StoreSide;
import org.mailsync.store.MailStore;
import org.mailsync.store.StoreException;
import org.mailsync.store.local.FolderFormat;
import org.mailsync.store.local.LocalStore;
import org.mailsync.store.maildir.MaildirFormat;
import org.mailsync.store.maildir.MaildirPlusPlusStore;
import org.mailsync.store.mbox.MboxFormat;
import org.mailsync.store.mh.MhFormat;

/**
 * Builds the store a {@link StoreConfig} describes. Local stores recognise Maildir, MH and
 * mbox folders side by side unless the config forces one {@code format}; a root that is itself
 * a Maildir with dot-folders is read in the Maildir++ layout unless {@code layout} says
 * otherwise. A new folder with no folder near it to follow is created in the format
 * {@link StoreConfig#newFolderFormat()} names: mbox for a config in the original's syntax,
 * Maildir for YAML.
 */
public final class StoreFactory {

    private StoreFactory() {
    }

    /** The store side of a config, ready to use; warnings and notes go to stderr. */
    public static StoreSide open(StoreConfig config) throws ConfigException, StoreException {
        return open(config, System.err, false, false);
    }

    /**
     * The store side of a config, ready to use; an IMAP store is connected and logged in.
     *
     * @param notes         where warnings about the config go (such as {@code /novalidate-cert})
     * @param debugProtocol log the IMAP protocol exchange ({@code -di}), login hidden
     * @param interactive   a missing password may be asked for on the terminal
     */
    public static StoreSide open(StoreConfig config, PrintStream notes, boolean debugProtocol, boolean interactive)
            throws ConfigException, StoreException {
        if (!config.isLocal()) {
            String pattern = ImapStores.listPattern(config, notes);
            MailStore store = ImapStores.open(config, notes, debugProtocol,
                    interactive ? ImapStores.PasswordPrompt.CONSOLE : prompt -> null);
            return new StoreSide(config.name(), store, pattern, config.prefix());
        }
        return new StoreSide(config.name(), store(config), config.pattern(), config.prefix());
    }

    private static MailStore store(StoreConfig config) throws StoreException {
        Path root = config.path();
        String layout = config.layout();
        if ("maildir++".equals(layout) || (layout == null && MaildirPlusPlusStore.looksLikeMaildirPlusPlus(root))) {
            return new MaildirPlusPlusStore(config.name(), root);
        }
        if (config.format() != null) {
            FolderFormat only = format(config.format());
            return new LocalStore(config.name(), root, List.of(only), only);
        }
        MaildirFormat maildir = new MaildirFormat();
        MboxFormat mbox = new MboxFormat();
        // New folders take the format of their neighbours (LocalStore); with none, the config's
        // syntax decides: mbox for the original's, so that it can still read what we create.
        FolderFormat fallback = "mbox".equals(config.newFolderFormat()) ? mbox : maildir;
        return new LocalStore(config.name(), root, List.of(maildir, new MhFormat(), mbox), null, fallback);
    }

    private static FolderFormat format(String name) {
        return switch (name) {
            case "mbox" -> new MboxFormat();
            case "mh" -> new MhFormat();
            default -> new MaildirFormat();
        };
    }
}
