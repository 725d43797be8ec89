package org.mailsync.msinfo;

/** msinfo could not be read or written; the message names the file. */
public class MsinfoException extends Exception {

    public MsinfoException(String message, Throwable cause) {
        super(message, cause);
    }

    public MsinfoException(String message) {
        super(message);
    }
}
