package org.mailsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.migrate.AccountsFile;
import org.mailsync.report.Console;
import org.mailsync.report.IssueCodes;
import org.mailsync.report.RunReport;
import org.mailsync.report.SyncReport;
import org.mailsync.runtime.MailsyncRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailsync migrate SOURCE TARGET}: copies every folder of the source's pattern into the
 * target, one way, reading the source only; resumable (a rerun copies only what is missing,
 * never a duplicate) and verified per folder. {@code --verify-only} only verifies;
 * {@code --accounts FILE} migrates many accounts side by side, a line each. Runs through the
 * route set ({@code direct:migrate}) like every other mode.
 */
@Command(name = "mailsync migrate", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Copies every folder the SOURCE store's pattern selects into the TARGET store,",
                "one way: flags, keywords and internal dates kept, folder names translated",
                "between the stores' delimiters and encodings. The source is only read (IMAP:",
                "EXAMINE and BODY.PEEK; local files are never written). Resumable: a rerun after",
                "an interruption copies only what the target lacks, never a duplicate. At the",
                "end each folder is verified: the target must hold every source message (by",
                "content, so the count too). SOURCE and TARGET are stores of the config or",
                "written inline: maildir:PATH, mbox:PATH, mh:PATH,",
                "imap://USER@HOST[:PORT][/FLAG...] (imaps:// for TLS).", ""},
        footer = {"", "--accounts FILE: a CSV line per account,",
                "  source,target[,source password command[,target password command]]",
                "runs --parallel N accounts at a time and prints one line for each.",
                "", "Exit status: 0 every folder (of every account) verified; 1 configuration,",
                "usage or connection error; 2 some message, folder or account not migrated",
                "or not verified."})
public class MigrateCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE", description = "the store to copy from (read only)")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "the store to copy into")
    String target;

    @Option(names = {"-f", "--config"}, paramLabel = "FILE", description = "the config file (default: ~/.mailsync)")
    Path configFile;

    @Option(names = "--verify-only", description = "copy nothing, only verify that the target holds every source message")
    boolean verifyOnly;

    @Option(names = "--source-passcmd", paramLabel = "COMMAND",
            description = "the source's IMAP password is the first line this command prints (instead of the config's)")
    String sourcePasscmd;

    @Option(names = "--target-passcmd", paramLabel = "COMMAND",
            description = "the target's IMAP password is the first line this command prints (instead of the config's)")
    String targetPasscmd;

    @Option(names = "--accounts", paramLabel = "FILE",
            description = "migrate every account of a CSV file: source,target[,source passcmd[,target passcmd]]")
    Path accountsFile;

    @Option(names = "--parallel", paramLabel = "N", description = "with --accounts: accounts migrated at once (default 4)")
    int parallel = 4;

    @Option(names = "-d", description = "debug output")
    boolean debug;

    @Option(names = "-di", description = "IMAP protocol log (passwords are never shown)")
    boolean debugImap;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "also run the *.camel.yaml route files of DIR; one named like a built-in file replaces it")
    Path routesDir;

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
    public MigrateCommand(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    @Override
    public Integer call() {
        Configurator.setLevel("org.mailsync", debug ? Level.DEBUG : Level.ERROR);
        Configurator.setLevel("org.mailsync.store.imap", debug || debugImap ? Level.DEBUG : Level.ERROR);
        Configurator.setLevel("org.apache.camel.processor.errorhandler.DefaultErrorHandler", debug ? Level.ERROR : Level.OFF);
        if (accountsFile != null ? source != null || sourcePasscmd != null || targetPasscmd != null : target == null) {
            return output.failure("migrate", source, IssueCodes.USAGE, accountsFile != null
                    ? "--accounts takes no SOURCE or TARGET (nor password commands: the file has them)"
                    : "migrate needs a SOURCE and a TARGET store (or --accounts FILE)", out, err);
        }
        if (parallel < 1 || parallel > 64) {
            return output.failure("migrate", source, IssueCodes.USAGE,
                    "--parallel " + parallel + " is not a number of accounts migrated at once from 1 to 64", out, err);
        }
        if (accountsFile != null && output.json()) {
            // one JSON document per command: the accounts' reports are lines, not one report
            return output.failure("migrate", null, IssueCodes.USAGE, "--json does not apply to --accounts (one line per"
                    + " account); run one migrate per account for JSON", out, err);
        }
        try {
            MailsyncConfiguration options = new MailsyncConfiguration();
            options.setOperation("migrate");
            options.setConfig((configFile != null ? configFile.toAbsolutePath() : home.resolve(".mailsync")).toString());
            options.setHome(home.toAbsolutePath().toString());
            options.setVerifyOnly(verifyOnly);
            options.setDebugProtocol(debugImap);
            if (accountsFile != null) {
                return accounts(options, AccountsFile.read(accountsFile));
            }
            options.setTarget(target);
            options.setSourcePasscmd(sourcePasscmd);
            options.setTargetPasscmd(targetPasscmd);
            options.setInteractive(true);
            options.setConsole(output.console(out, err));
            try (MailsyncRuntime runtime = MailsyncRuntime.start(routesDir, home, options)) {
                return output.finish(runtime.request(MailsyncRuntime.uri(source)), out);
            }
        } catch (Exception e) {
            return output.failure("migrate", source, MailsyncRuntime.cause(e), message(e), out, err);
        }
    }

    /**
     * Migrates every account, {@code parallel} at once in one runtime, and prints a line per
     * account in the file's order as soon as it and those before it are done: 0 when every
     * account verified, else 2.
     */
    private int accounts(MailsyncConfiguration options, List<AccountsFile.Account> accounts) throws Exception {
        options.setInteractive(false); // accounts run side by side: nobody can be asked for a password
        try (MailsyncRuntime runtime = MailsyncRuntime.start(routesDir, home, options)) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, accounts.size()));
            try {
                List<Future<String>> lines = new ArrayList<>();
                boolean[] ok = new boolean[accounts.size()];
                // Every account's console is bound before any runs: the registry is no map to
                // write while other threads look up their endpoints in it.
                List<ByteArrayOutputStream> captured = new ArrayList<>();
                for (int i = 0; i < accounts.size(); i++) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                    runtime.context().getRegistry().bind(CONSOLE + i, new Console(print, print));
                    captured.add(bytes);
                }
                for (int i = 0; i < accounts.size(); i++) {
                    int n = i;
                    AccountsFile.Account account = accounts.get(i);
                    lines.add(pool.submit(() -> {
                        Outcome outcome = account(runtime, account, n, captured.get(n));
                        ok[n] = outcome.ok();
                        return outcome.line();
                    }));
                }
                boolean all = true;
                for (int i = 0; i < lines.size(); i++) {
                    String line;
                    try {
                        line = lines.get(i).get();
                    } catch (ExecutionException e) {
                        line = "account " + (i + 1) + ": Error: " + message(e.getCause());
                    }
                    out.println(line);
                    all &= ok[i];
                }
                int verified = 0;
                for (boolean b : ok) {
                    verified += b ? 1 : 0;
                }
                out.println(verified + " of " + accounts.size() + (accounts.size() == 1 ? " account" : " accounts")
                        + " migrated and verified.");
                return all ? SyncReport.OK : SyncReport.INCOMPLETE;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private record Outcome(boolean ok, String line) {
    }

    /** The registry name of account N's console (bound before the accounts run). */
    private static final String CONSOLE = "mailsyncMigrateConsole";

    private Outcome account(MailsyncRuntime runtime, AccountsFile.Account account, int n, ByteArrayOutputStream captured) {
        String name = "account " + (n + 1) + " (" + account.source() + " -> " + account.target() + ")";
        String console = CONSOLE + n;
        StringBuilder uri = new StringBuilder(MailsyncRuntime.uri(account.source()))
                .append("?operation=migrate&target=RAW(").append(account.target()).append(')')
                .append("&console=#").append(console);
        if (account.sourcePasscmd() != null) {
            uri.append("&sourcePasscmd=RAW(").append(account.sourcePasscmd()).append(')');
        }
        if (account.targetPasscmd() != null) {
            uri.append("&targetPasscmd=RAW(").append(account.targetPasscmd()).append(')');
        }
        try {
            RunReport report = runtime.request(uri.toString());
            String[] output = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
            String last = output[output.length - 1];
            if (report.exitCode() == SyncReport.OK) {
                return new Outcome(true, name + ": " + last);
            }
            String first = report.errors().isEmpty() ? last : report.errors().get(0);
            return new Outcome(false, name + ": NOT complete: " + first
                    + (report.errors().size() > 1 ? " (and " + (report.errors().size() - 1) + " more errors)" : ""));
        } catch (Exception e) {
            return new Outcome(false, name + ": Error: " + message(e));
        }
    }

    private static String message(Throwable e) {
        Throwable cause = MailsyncRuntime.cause(e);
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
