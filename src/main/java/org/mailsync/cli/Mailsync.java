package org.mailsync.cli;

import java.nio.file.Path;

import picocli.CommandLine;

/** The {@code mailsync} program. */
public final class Mailsync {

    private Mailsync() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        String home = System.getenv("HOME");
        System.exit(run(args, Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"))));
    }

    /** Runs the command line with a given home directory; returns the exit status. */
    public static int run(String[] args, Path home) {
        return run(args, home, System.out, System.err);
    }

    /** Runs the command line with given streams; returns the exit status. */
    public static int run(String[] args, Path home, java.io.PrintStream out, java.io.PrintStream err) {
        // "mailsync daemon ..." is its own command; a channel named "daemon" is synced with "mailsync -- daemon".
        boolean daemon = args.length > 0 && args[0].equals("daemon");
        // "mailsync undo CHANNEL" likewise; a channel named "undo" is synced with "mailsync -- undo".
        boolean undo = args.length > 0 && args[0].equals("undo");
        // "mailsync check NAME" likewise; a channel named "check" is synced with "mailsync -- check".
        boolean check = args.length > 0 && args[0].equals("check");
        // "mailsync migrate SOURCE TARGET" likewise; a channel named "migrate" is synced with "mailsync -- migrate".
        boolean migrate = args.length > 0 && args[0].equals("migrate");
        CommandLine cli = daemon ? new CommandLine(new DaemonCommand(out, err, home))
                : undo ? new CommandLine(new UndoCommand(out, err, home))
                : check ? new CommandLine(new CheckCommand(out, err, home))
                : migrate ? new CommandLine(new MigrateCommand(out, err, home)) : new CommandLine(new MailsyncCommand(out, err, home));
        if (daemon || undo || check || migrate) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        } else {
            ModesHelpSection.install(cli);
        }
        // The original's options -cd, -dc, -di, -vb, -vw, -vp are words, not clusters of letters.
        cli.setPosixClusteredShortOptionsAllowed(false);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("Error: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            if (java.util.Arrays.asList(a).contains("--json")) {
                // --json promises one document whatever happens, a command line picocli refused included.
                UsageFailure.print(ex, out);
            }
            return 1;
        });
        return cli.execute(args);
    }
}
