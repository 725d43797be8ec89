package org.mailsync.msinfo.pg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.mailsync.msinfo.MsinfoException;

/**
 * {@code statepasscmd}: runs a command with {@code /bin/sh -c} and takes the first line it
 * prints as the state database's password, as a store's {@code passcmd} does. Its output is
 * never repeated in a message (it is the password); its standard error goes to ours, so that a
 * failing password manager can explain itself.
 */
public final class PassCommand {

    private PassCommand() {
    }

    /**
     * The first line the command prints.
     *
     * @throws MsinfoException it cannot be started, fails, or prints nothing
     */
    public static String run(String command) throws MsinfoException {
        String what = "statepasscmd";
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT) // a pinentry may want the terminal
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new MsinfoException(what + " could not be started: " + e.getMessage());
        }
        String first;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            first = r.readLine();
            r.transferTo(java.io.Writer.nullWriter()); // drain, so that the command cannot block on a full pipe
        } catch (IOException e) {
            p.destroy();
            throw new MsinfoException(what + ": reading its output failed: " + e.getMessage());
        }
        try {
            int status = p.waitFor();
            if (status != 0) {
                throw new MsinfoException(what + " failed with exit status " + status);
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new MsinfoException(what + " was interrupted");
        }
        if (first == null || first.isEmpty()) {
            throw new MsinfoException(what + " printed no password");
        }
        return first;
    }
}
