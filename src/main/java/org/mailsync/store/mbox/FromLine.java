package org.mailsync.store.mbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code From } separator line that starts each message of an mbox file (RFC 4155
 * appendix A; Qmail mbox(5)): reading its date leniently, and writing one.
 *
 * <p>Real files carry many shapes: {@code From addr Wed Nov 01 06:04:53 2017},
 * {@code From addr  Wed Nov  1 06:04:52 2017} (double spaces), a zone after the year
 * ({@code ... 2008 +0200}), a zone name before it ({@code ... EST 2002}), an RFC 2822 date,
 * Mozilla's {@code From - } and a bare {@code From }. The date is searched for anywhere after
 * {@code From } instead of parsed by position, because the address may be missing or hold spaces.
 */
public final class FromLine {

    /** The five bytes every separator line starts with. */
    static final byte[] PREFIX = "From ".getBytes(StandardCharsets.US_ASCII);

    private static final String MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

    /** asctime(3) as in RFC 4155: {@code Mon Mar  2 10:00:00 2020}, optional zone before or after the year. */
    private static final Pattern ASCTIME = Pattern.compile(
            "(?:\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\\s+)?(" + MONTHS + ")\\s+(\\d{1,2})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
                    + "\\s+(?:([A-Za-z]{1,5}|[+-]\\d{4})\\s+)?(\\d{4})(?:\\s+([+-]\\d{4}))?",
            Pattern.CASE_INSENSITIVE);

    /** An RFC 2822 date, as some tools put on the {@code From } line: {@code 9 May 2006 10:00:00 +0200}. */
    private static final Pattern RFC2822 = Pattern.compile(
            "\\b(\\d{1,2})\\s+(" + MONTHS + ")\\s+(\\d{4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s+([+-]\\d{4}))?",
            Pattern.CASE_INSENSITIVE);

    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private FromLine() {
    }

    /**
     * The date of a separator line (given without its line end), or null if none can be
     * found. A named zone ({@code EST}) is ignored and the time read as UTC: names are
     * ambiguous, and the date is only a hint for IMAP INTERNALDATE.
     */
    public static Instant parseDate(String line) {
        String rest = line.startsWith("From ") ? line.substring(5) : line;
        try {
            Matcher m = ASCTIME.matcher(rest);
            if (m.find()) {
                String zone = m.group(8) != null ? m.group(8) : m.group(6);
                return toInstant(Integer.parseInt(m.group(7)), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), zone);
            }
            m = RFC2822.matcher(rest);
            if (m.find()) {
                return toInstant(Integer.parseInt(m.group(3)), m.group(2), m.group(1), m.group(4), m.group(5), m.group(6), m.group(7));
            }
        } catch (RuntimeException e) {
            // An impossible date (Feb 31, hour 25): unknown rather than wrong.
        }
        return null;
    }

    private static Instant toInstant(int year, String month, String day, String hour, String minute, String second,
            String zone) {
        int mon = MONTHS.toLowerCase(Locale.ROOT).indexOf(month.toLowerCase(Locale.ROOT)) / 4 + 1;
        LocalDateTime t = LocalDateTime.of(year, mon, Integer.parseInt(day), Integer.parseInt(hour),
                Integer.parseInt(minute), second == null ? 0 : Integer.parseInt(second));
        ZoneOffset offset = ZoneOffset.UTC;
        if (zone != null && (zone.startsWith("+") || zone.startsWith("-"))) {
            offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(zone.substring(0, 3)),
                    (zone.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(zone.substring(3)));
        }
        return t.toInstant(offset);
    }

    /**
     * The separator line we write, without line end: {@code From MAILER-DAEMON <asctime UTC>}.
     * MAILER-DAEMON is the envelope sender c-client and mutt use when the real one is unknown
     * (the message's own From: is not the envelope sender); seconds are the format's precision.
     */
    public static String format(Instant internalDate) {
        return "From MAILER-DAEMON " + WRITE.format(internalDate);
    }
}
