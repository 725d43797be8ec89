/**
 * The command line's progress display: a bar per folder pair on standard error while it is a
 * terminal ({@link org.mailsync.cli.terminal.StderrTerminal}), kept below the run's other output
 * ({@link org.mailsync.cli.terminal.StatusLines}) and fed by the run's
 * {@link org.mailsync.report.Progress} events ({@link org.mailsync.cli.terminal.TerminalProgress}).
 */
package org.mailsync.cli.terminal;
