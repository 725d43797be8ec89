package org.mailsync.store.local;

import java.io.IOException;

/** The pid of a process that ran on this host and is gone: what a kill -9 leaves in a lock file. */
public final class DeadProcess {

    private DeadProcess() {
    }

    /** Starts a process, waits for it to end and returns its (now unused) pid. */
    public static long pid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
