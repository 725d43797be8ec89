package org.mailsync.store.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maildir unique names: making new ones for deliveries, and ordering existing ones by delivery
 * time. A unique name is a message file's name without its {@code :2,} info suffix.
 *
 * <p>New names follow the modern form of https://cr.yp.to/proto/maildir.html, "How a message is
 * delivered": {@code <seconds>.M<usec>P<pid>Q<n>.<host>}, as Dovecot and qmail write them.
 */
final class UniqueNames {

    /**
     * Orders unique names by delivery time: the leading seconds numerically, then the
     * microseconds of an {@code M<usec>} part numerically (Dovecot does not zero-pad them, so
     * a plain string order would put M999 after M1000), then the whole name. Names that do
     * not start with a time (hand-made files) sort last, by name.
     */
    static final Comparator<String> DELIVERY_ORDER = Comparator
            .comparingLong(UniqueNames::seconds)
            .thenComparingLong(UniqueNames::micros)
            .thenComparing(Comparator.naturalOrder());

    /**
     * The last (seconds * 1e6 + usec) handed out. Shared by every instance because two stores
     * in one process may deliver into the same folder; strictly increasing so that messages
     * appended in one run keep their append order under {@link #DELIVERY_ORDER}, even when
     * the clock is coarse or steps back.
     */
    private static final AtomicLong LAST_MICROS = new AtomicLong();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = escapeHost(hostName());
    /**
     * Exactly the names {@link #next()} makes on this host: no zero padding, a pid and a
     * counter from 1, and this host's part, with nothing after it. Group 1 is the pid.
     */
    private static final Pattern OURS = Pattern.compile(
            "(?:0|[1-9][0-9]{0,18})\\.M(?:0|[1-9][0-9]{0,5})P([1-9][0-9]{0,17})Q[1-9][0-9]{0,18}\\." + Pattern.quote(HOST));

    private UniqueNames() {
    }

    /**
     * The names in {@link #DELIVERY_ORDER}, each parsed once instead of at every comparison: a
     * folder of 100,000 messages is sorted in a fraction of the time.
     */
    static List<String> inDeliveryOrder(Collection<String> names) {
        record Parsed(long seconds, long micros, String name) {
        }
        List<Parsed> parsed = new ArrayList<>(names.size());
        for (String name : names) {
            parsed.add(new Parsed(seconds(name), micros(name), name));
        }
        parsed.sort(Comparator.comparingLong(Parsed::seconds).thenComparingLong(Parsed::micros).thenComparing(Parsed::name));
        List<String> sorted = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            sorted.add(p.name());
        }
        return sorted;
    }

    /** The unique name part of a message file name: everything before the info separator. */
    static String of(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** A name no other delivery on this host has used or will use. */
    static String next() {
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long micros = LAST_MICROS.accumulateAndGet(nowMicros, (last, clock) -> Math.max(last + 1, clock));
        return (micros / 1_000_000L) + ".M" + (micros % 1_000_000L) + "P" + PID + "Q" + COUNTER.incrementAndGet() + "." + HOST;
    }

    /**
     * The process that made a name, if {@link #next()} made it on this host (in this process or
     * another mailsync's); otherwise -1, also for the names of other programs that follow the
     * same spec form, as Dovecot's {@code <sec>.M<usec>P<pid>.<host>} does.
     */
    static long pidOfOurs(String name) {
        Matcher m = OURS.matcher(name);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static long seconds(String name) {
        long value = leadingNumber(name, 0);
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private static long micros(String name) {
        int dot = name.indexOf('.');
        if (dot < 0 || dot + 1 >= name.length() || name.charAt(dot + 1) != 'M') {
            return -1;
        }
        return leadingNumber(name, dot + 2);
    }

    /** The decimal number starting at {@code from}, or -1 if there is none (or it overflows). */
    private static long leadingNumber(String s, int from) {
        long value = 0;
        int i = from;
        while (i < s.length() && i - from < 18 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from ? -1 : value;
    }

    /**
     * The host part must not contain '/' or ':' (the latter starts the info); the spec replaces
     * them with {@code \057} and {@code \072}. A dot would only confuse readers that split on
     * it, so it is cut off like qmail's short host names are.
     */
    static String escapeHost(String host) {
        String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        if (shortName.isEmpty()) {
            shortName = "localhost";
        }
        return shortName.replace("/", "\\057").replace(":", "\\072");
    }

    /**
     * The kernel's host name without a DNS lookup: {@code InetAddress.getLocalHost()} can hang
     * for seconds on a machine with broken name resolution.
     */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall through to the environment of Windows or a neutral name.
        }
        String computer = System.getenv("COMPUTERNAME");
        return computer != null && !computer.isBlank() ? computer.trim() : "localhost";
    }
}
