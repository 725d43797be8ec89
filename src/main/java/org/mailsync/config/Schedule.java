package org.mailsync.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/**
 * A channel's {@code schedule}: a duration between runs ({@code 15m}, {@code 1h30m},
 * {@code 90s}, {@code 2d}) or a Quartz cron expression ({@code 0 0/15 * * * ?}: seconds
 * minutes hours day-of-month month day-of-week), as the {@code mailsync:} consumer's options.
 */
public final class Schedule {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Schedule() {
    }

    /** Whether the text is a duration or a cron expression. */
    public static boolean isValid(String text) {
        return durationMillis(text) > 0 || CronExpression.isValidExpression(text.trim());
    }

    /** The duration in milliseconds, or -1 when the text is not a duration. */
    public static long durationMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return -1;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            return -1;
        }
        long[] unit = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        long total = 0;
        for (int i = 0; i < 4; i++) {
            if (m.group(i + 1) != null) {
                total += Long.parseLong(m.group(i + 1)) * unit[i];
            }
        }
        return total > 0 ? total : -1;
    }

    /**
     * The consumer options of a schedule: {@code delay=MILLIS} for a duration,
     * {@code cron=...} (Quartz, spaces as {@code +}) for a cron expression.
     */
    public static String consumerOptions(String text) {
        long millis = durationMillis(text);
        if (millis > 0) {
            return "delay=" + millis + "&initialDelay=0";
        }
        return "cron=" + text.trim().replaceAll("\\s+", "+");
    }
}
