package org.mailsync.store.imap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ~/.mailsync} of an end-to-end test against a {@link DovecotServer}, as a user
 * writes it: a local store of folders below {@code Mail/} (new ones are mbox files where no
 * folder is there to follow, as with the original, unless {@link #localFormat} says), a store {@code remote} on
 * one user of the server, and a channel between them keeping its msinfo in {@code .msinfo}.
 * Unless told otherwise the remote store connects with {@code /notls}, lists against the
 * reference {@code {127.0.0.1:PORT}}, and logs in with the server's password; a test changes
 * only what it is about.
 */
public final class DovecotChannelConfig {

    private final DovecotServer server;
    private final String user;
    private String flags = "/notls";
    private String password;
    private String passcmd;
    private boolean ref = true;
    private String channel = "sync";
    private String localFormat;
    private final List<String> remoteOptions = new ArrayList<>();
    private final List<String> channelOptions = new ArrayList<>();

    DovecotChannelConfig(DovecotServer server, String user) {
        this.server = server;
        this.user = user;
        this.password = server.password();
    }

    /** The server spec's flags after the user, such as {@code /tls/novalidate-cert}; {@code /notls} if not set. */
    public DovecotChannelConfig flags(String flags) {
        this.flags = flags;
        return this;
    }

    /** The password in the config, the server's own if not set. */
    public DovecotChannelConfig password(String password) {
        this.password = password;
        return this;
    }

    /**
     * A {@code passcmd} for the remote store instead of its {@code passwd}, such as a script
     * printing an OAuth2 access token; written in double quotes.
     */
    public DovecotChannelConfig passcmd(String command) {
        this.passcmd = command;
        return this;
    }

    /** Leaves out the remote store's {@code ref}, so that folders are listed against its server spec. */
    public DovecotChannelConfig withoutRef() {
        this.ref = false;
        return this;
    }

    /** The channel's name, {@code sync} if not set. */
    public DovecotChannelConfig channel(String name) {
        this.channel = name;
        return this;
    }

    /** One more line in the remote store's block, such as {@code maxconnections 8}; a blank one adds nothing. */
    public DovecotChannelConfig remoteOption(String line) {
        if (!line.isBlank()) {
            remoteOptions.add(line);
        }
        return this;
    }

    /** One more option in the channel's block, such as {@code parallel 8}; a blank one adds nothing. */
    public DovecotChannelConfig channelOption(String option) {
        if (!option.isBlank()) {
            channelOptions.add(option);
        }
        return this;
    }

    /**
     * The local store's {@code format}, such as {@code maildir} for a test that reads the folders
     * a sync creates in an empty {@code Mail/} as Maildirs; none if not set.
     */
    public DovecotChannelConfig localFormat(String format) {
        this.localFormat = format;
        return this;
    }

    /** The config's text. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("store local  { pat Mail/*  prefix Mail/").append(localFormat == null ? "" : "  format " + localFormat)
                .append(" }\n");
        b.append("store remote {\n");
        b.append("    server {127.0.0.1:").append(server.port()).append("/user=").append(user).append(flags).append("}\n");
        if (ref) {
            b.append("    ref    {127.0.0.1:").append(server.port()).append("}\n");
        }
        b.append("    pat    *\n");
        if (passcmd != null) {
            b.append("    passcmd \"").append(passcmd.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        } else {
            b.append("    passwd ").append(password).append('\n');
        }
        for (String line : remoteOptions) {
            b.append("    ").append(line).append('\n');
        }
        b.append("}\n");
        b.append("channel ").append(channel).append(" local remote { msinfo .msinfo");
        for (String option : channelOptions) {
            b.append("  ").append(option);
        }
        b.append(" }\n");
        return b.toString();
    }

    /** Writes the config's text to a file, such as {@code home.resolve(".mailsync")}. */
    public void writeTo(Path file) throws IOException {
        Files.writeString(file, text());
    }
}
