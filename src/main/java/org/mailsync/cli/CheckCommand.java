package org.mailsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.runtime.MailsyncRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailsync check STORE|CHANNEL}: reports what is wrong with a store's folders, or with
 * both stores of a channel and its state, changing nothing; {@code --fix-duplicates} removes
 * byte-identical later copies. Runs through the route set ({@code direct:check}) like every
 * other mode.
 */
@Command(name = "mailsync check", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Checks a store's folders, or both stores of a channel and its state, and reports per folder:",
                "structure faults (Maildir files outside cur/new/tmp, bad info suffixes, stale tmp/ files; mbox",
                "separators without a date, unquoted From lines, torn messages; MH files that are no messages),",
                "files that are no mailbox, unreadable or malformed messages, messages without Message-ID,",
                "duplicates, and a channel's msinfo entries that match no message. Changes nothing.", ""},
        footer = {"", "Exit status: 0 no problems; 1 configuration, usage or connection error; 2 problems found."})
public class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1", paramLabel = "NAME", description = "a store or a channel of the config")
    String name;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "the config file (default: ~/.mailsync)")
    Path configFile;

    @Option(names = "--fix-duplicates",
            description = "remove the later byte-identical copies of a message (the first in folder order stays),"
                    + " and say which; the only change a check makes")
    boolean fixDuplicates;

    @Option(names = {"-t", "--identity"}, paramLabel = "MODE",
            description = "for a channel: how its msinfo identifies messages (default: the channel's, else msgid)")
    String identity;

    @Option(names = "-d", description = "debug output")
    boolean debug;

    @Option(names = "-di", description = "IMAP protocol log (passwords are never shown)")
    boolean debugImap;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "also run the *.camel.yaml route files of DIR; one named mailsync.camel.yaml replaces the built-in set")
    Path routesDir;

    /** {@code --json} and {@code -q}. */
    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    /**
     * @param out  standard output
     * @param err  standard error
     * @param home the user's home directory, which relative paths in the config are relative to
     */
    public CheckCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    @Override
    public Integer call() {
        // Set on every run, so that an earlier run in the same JVM leaves no -d or -di behind.
        Configurator.setLevel("org.mailsync", debug ? Level.DEBUG : Level.ERROR);
        Configurator.setLevel("org.mailsync.store.imap", debug || debugImap ? Level.DEBUG : Level.ERROR);
        Configurator.setLevel("org.apache.camel.processor.errorhandler.DefaultErrorHandler", debug ? Level.ERROR : Level.OFF);
        try {
            Path file = configFile != null ? configFile.toAbsolutePath() : home.resolve(".mailsync");
            MailsyncConfiguration options = new MailsyncConfiguration();
            options.setOperation("check");
            options.setConfig(file.toString());
            options.setHome(home.toAbsolutePath().toString());
            options.setFixDuplicates(fixDuplicates);
            options.setIdentity(identity);
            options.setDebugProtocol(debugImap);
            options.setInteractive(true);
            options.setConsole(output.console(out, err));
            try (MailsyncRuntime runtime = MailsyncRuntime.start(routesDir, home, options)) {
                return output.finish(runtime.request(MailsyncRuntime.uri(name)), out);
            }
        } catch (Exception e) {
            // A config, login, connection or state failure: one line, no stack trace (-d has the details).
            Throwable cause = MailsyncRuntime.cause(e);
            return output.failure("check", null, cause, cause.getMessage() != null ? cause.getMessage() : cause.toString(), out,
                    err);
        }
    }
}
