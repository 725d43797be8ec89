package org.mailsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A channel's {@code schedule} is a duration or a Quartz cron expression, and becomes the consumer's options. */
class ScheduleTest {

    @Test
    void durationsInDaysHoursMinutesAndSeconds() {
        assertThat(Schedule.durationMillis("15m")).isEqualTo(900_000);
        assertThat(Schedule.durationMillis("1h30m")).isEqualTo(5_400_000);
        assertThat(Schedule.durationMillis("90s")).isEqualTo(90_000);
        assertThat(Schedule.durationMillis("2d")).isEqualTo(172_800_000);
        assertThat(Schedule.durationMillis("0s")).isEqualTo(-1);
        assertThat(Schedule.durationMillis("15")).isEqualTo(-1);
        assertThat(Schedule.durationMillis("soon")).isEqualTo(-1);
    }

    @Test
    void cronExpressionsAreQuartzs() {
        assertThat(Schedule.isValid("0 0/15 * * * ?")).isTrue();
        assertThat(Schedule.isValid("*/5 * * * *")).isFalse(); // Unix cron has no seconds field
        assertThat(Schedule.isValid("every 5 minutes")).isFalse();
    }

    @Test
    void consumerOptions() {
        assertThat(Schedule.consumerOptions("15m")).isEqualTo("delay=900000&initialDelay=0");
        assertThat(Schedule.consumerOptions(" 0 0/15 * * * ? ")).isEqualTo("cron=0+0/15+*+*+*+?");
    }
}
