package org.mailsync.msinfo;

import java.io.PrintStream;
import java.nio.file.Path;

/** The default state: one SQLite file per msinfo path ({@link MsinfoRepository}). */
public final class SqliteSyncStateFactory implements SyncStateFactory {

    @Override
    public SyncState open(String channel, Path file, boolean readOnly) throws MsinfoException {
        return readOnly ? MsinfoRepository.openReadOnly(file) : MsinfoRepository.open(file);
    }

    @Override
    public SyncState open(String channel, Path file, boolean readOnly, PrintStream notes) throws MsinfoException {
        return readOnly ? MsinfoRepository.openReadOnly(file) : MsinfoRepository.open(file, notes);
    }
}
