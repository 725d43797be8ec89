package org.mailsync.store.mbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Keys read back exactly as written, and nothing else passes for one. */
class MboxKeyTest {

    @Property(tries = 200)
    void everyKeyReadsBackAsWritten(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long offset,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long length, @ForAll @LongRange(min = 0, max = 0xffffffffL) long crc) {
        MboxKey key = new MboxKey(offset, length, crc);
        assertThat(MboxKey.parse(key.toString())).isEqualTo(key);
    }

    @Test
    void whatIsNotAKeyOfOursIsRefused() {
        assertThat(MboxKey.parse("0-194-618790a6")).isEqualTo(new MboxKey(0, 194, 0x618790a6L));
        for (String notOurs : new String[] {"", "0-194", "0-194-618790a", "0-194-618790a60", "0-194-618790A6", "-1-194-618790a6",
                "0--618790a6", "0-+194-618790a6", "0-1-2-618790a6", "x-194-618790a6", "12345678901234567890-1-618790a6",
                "9999999999999999999-1-618790a6", "0-194-618790a6 ", "0-١٩٤-618790a6"}) {
            assertThat(MboxKey.parse(notOurs)).as(notOurs).isNull();
        }
    }
}
