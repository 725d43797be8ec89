package org.mailsync.cli;

import org.mailsync.assembly.ChannelBusyException;
import org.mailsync.assembly.RequestException;
import org.mailsync.config.ConfigException;
import org.mailsync.msinfo.MsinfoException;
import org.mailsync.report.IssueCodes;
import org.mailsync.store.StoreException;

import picocli.CommandLine;

/**
 * The {@link IssueCodes} code of a failure that stopped a command before or outside its run
 * (exit 1), told by the exception's type: the types are what the assembly throws for each kind
 * of failure, so the code never depends on a message's wording.
 */
final class FailureCode {

    private FailureCode() {
    }

    static String of(Throwable cause) {
        if (cause instanceof ConfigException) {
            return IssueCodes.CONFIG;
        }
        if (cause instanceof MailsyncCommand.UsageException || cause instanceof RequestException
                || cause instanceof CommandLine.ParameterException || cause instanceof IllegalArgumentException) {
            return IssueCodes.USAGE;
        }
        if (cause instanceof ChannelBusyException) {
            return IssueCodes.BUSY;
        }
        if (cause instanceof StoreException) {
            return IssueCodes.CONNECTION;
        }
        if (cause instanceof MsinfoException) {
            return IssueCodes.STATE;
        }
        return IssueCodes.ERROR;
    }
}
