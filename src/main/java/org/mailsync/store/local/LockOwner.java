package org.mailsync.store.local;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who holds a lock file: the process id, host and process start time that mailsync writes into
 * the lock files it makes, as one line {@code PID HOST START [PIDNS]} (for example
 * {@code 4242 mail.example.org 2024-05-01T10:00:00Z 4026531836}). The pid comes first so that
 * programs that read a pid from a lock file with {@code atoi()} or {@code fscanf("%d")}
 * (liblockfile's {@code dotlockfile -p}, many others) find it. The start time tells a process
 * that reused the pid of a dead owner from the owner itself. The last field, where Linux gives
 * one, is the owner's pid namespace: a container run with the host's network has the host's
 * name but its own pids, so its locks cannot be judged by pids seen outside it.
 *
 * <p>{@link #parse} also reads Dovecot's dot-locks, {@code PID:HOST}. A lock with no owner line
 * (c-client, procmail and mutt write empty lock files) or with a pid but no host has no owner we
 * can check: a pid alone may belong to another machine sharing the directory over NFS.
 */
public record LockOwner(long pid, String host, Instant start, String pidNamespace) {

    /** What {@link #state()} can tell about an owner. */
    public enum State {
        /** A process with that pid and start time runs on this host. */
        RUNNING,
        /** The owner was on this host and no longer runs (its pid is free, or another process's now). */
        GONE,
        /** On another host or in another pid namespace, or this host's name is unknown: nothing can be said. */
        UNKNOWN
    }

    private static final Pattern OURS = Pattern.compile("(\\d{1,18}) (\\S+)(?: (\\S+))?(?: (\\d+))?\\s*");
    private static final Pattern DOVECOT = Pattern.compile("(\\d{1,18}):([^\\s:]+)\\n?");
    /** Start times are written to the second; the kernel's tick-based ones may round either way. */
    private static final Duration START_SLACK = Duration.ofSeconds(2);
    private static final String UNKNOWN_FIELD = "?";

    /** This process. */
    public static LockOwner current() {
        return Self.OWNER;
    }

    /** The owner named by a lock file's content, or empty if it names none we can use. */
    public static Optional<LockOwner> parse(String content) {
        Matcher ours = OURS.matcher(content);
        if (ours.matches()) {
            return of(ours.group(1), ours.group(2), ours.group(3), ours.group(4));
        }
        Matcher dovecot = DOVECOT.matcher(content);
        if (dovecot.matches()) {
            return of(dovecot.group(1), dovecot.group(2), null, Self.OWNER.pidNamespace()); // Dovecot's own rule: same host, same pids
        }
        return Optional.empty();
    }

    private static Optional<LockOwner> of(String pid, String host, String start, String pidNamespace) {
        long p = Long.parseLong(pid);
        if (p <= 0) {
            return Optional.empty();
        }
        Instant started = null;
        if (start != null && !start.equals(UNKNOWN_FIELD)) {
            try {
                started = Instant.parse(start);
            } catch (DateTimeParseException e) {
                // an owner without a start time is still an owner; only the pid-reuse check is lost
            }
        }
        return Optional.of(new LockOwner(p, host.equals(UNKNOWN_FIELD) ? null : host, started, pidNamespace));
    }

    /** The line written into a lock file: {@code PID HOST START [PIDNS]} and a newline. */
    public String fileContent() {
        return pid + " " + (host == null ? UNKNOWN_FIELD : host) + " " + (start == null ? UNKNOWN_FIELD : start)
                + (pidNamespace == null ? "" : " " + pidNamespace) + "\n";
    }

    /**
     * Whether a process of this pid runs now on this host (this one included; a zombie still
     * counts): what decides whether a file named after a pid is a leftover.
     */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the owner runs on this host; see {@link State}. */
    public State state() {
        if (host == null || ThisHost.NAME == null || !host.equals(ThisHost.NAME)
                || !Objects.equals(pidNamespace, Self.OWNER.pidNamespace())) {
            return State.UNKNOWN;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return State.GONE;
        }
        Optional<Instant> running = process.get().info().startInstant();
        if (start != null && running.isPresent() && Duration.between(start, running.get()).abs().compareTo(START_SLACK) > 0) {
            return State.GONE; // the pid was reused by a process started later
        }
        return State.RUNNING;
    }

    /** For messages: {@code process 4242 on host h (started ...)}. */
    public String describe() {
        return "process " + pid + (host == null ? "" : " on host " + host) + (start == null ? "" : " (started " + start + ")");
    }

    /** This process, worked out once: a pid and a start time do not change. */
    private static final class Self {
        static final LockOwner OWNER = find();

        private static LockOwner find() {
            ProcessHandle self = ProcessHandle.current();
            Instant start = self.info().startInstant().map(t -> t.truncatedTo(ChronoUnit.SECONDS)).orElse(null);
            return new LockOwner(self.pid(), ThisHost.NAME, start, pidNamespace());
        }

        /** The inode of Linux's {@code /proc/self/ns/pid} ({@code pid:[4026531836]}), or null elsewhere. */
        private static String pidNamespace() {
            try {
                Matcher m = Pattern.compile("pid:\\[(\\d+)]").matcher(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
                return m.matches() ? m.group(1) : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * This host's name as gethostname() gives it (what Dovecot writes, too), read once. Not through
     * {@link InetAddress#getLocalHost()} first: that resolves the name, which can hang on a
     * machine with broken DNS.
     */
    private static final class ThisHost {
        static final String NAME = find();

        private static String find() {
            try {
                String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: ask the JDK
            }
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return name == null || name.isBlank() || name.contains(" ") ? null : name;
            } catch (IOException | RuntimeException e) {
                return null; // unknown: our locks then say "?", and no owner is ever judged to be gone
            }
        }
    }
}
