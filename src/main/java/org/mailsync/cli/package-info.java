/**
 * The command line: a thin client of the {@code mailsync:} endpoint that keeps the original mailsync's options, output and exit codes, plus {@code mailsync daemon}.
 */
package org.mailsync.cli;
