package org.mailsync.report;

import java.io.UnsupportedEncodingException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.MessageMeta;

/**
 * The date, From and Subject columns the original prints for a message ({@code -m}), and the
 * Message-ID column ({@code -M}): {@code Mon Mar  2 Alice                  one ...}. Users grep
 * this output, so the widths are the original's. The date is the message's internal date (the
 * mbox {@code From } line, IMAP INTERNALDATE), as the original's {@code mail_cdate} prints it;
 * the Date header only stands in when a store has no internal date.
 */
public final class MessageColumns {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE MMM ppd", Locale.ENGLISH);

    private MessageColumns() {
    }

    /**
     * A message's line in list mode: the original puts the Message-ID column first there
     * ({@code -M}), unlike on action lines where it comes last.
     */
    public static String listing(MessageMeta meta, boolean withMessageId) {
        if (!withMessageId) {
            return of(meta, false);
        }
        String id = HeaderBlock.parse(meta.header()).first("Message-ID");
        return pad(id == null ? "" : id.strip(), 65) + of(meta, false);
    }

    /** The columns of a message, with the Message-ID column when asked for. */
    public static String of(MessageMeta meta, boolean withMessageId) {
        HeaderBlock header = HeaderBlock.parse(meta.header());
        StringBuilder line = new StringBuilder();
        line.append(pad(meta.internalDate() != null ? DAY.format(meta.internalDate().atZone(ZoneOffset.UTC))
                : day(header.first("Date")), 10)).append(' ');
        line.append(pad(from(header.first("From")), 22)).append(' ');
        line.append(pad(decode(header.first("Subject")), 26)).append(' ');
        if (withMessageId) {
            String id = header.first("Message-ID");
            line.append(pad(id == null ? "" : id.strip(), 65)); // the original's "%-65s"
        }
        return line.toString();
    }

    private static String day(String date) {
        if (date == null) {
            return "";
        }
        String d = date.strip().replaceAll("\\s+", " ").replaceAll(" \\([^)]*\\)$", "");
        try {
            return DAY.format(ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    private static String from(String from) {
        if (from == null) {
            return "";
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from.strip(), false);
            if (addresses.length > 0) {
                InternetAddress first = addresses[0];
                return first.getPersonal() != null ? first.getPersonal() : first.getAddress();
            }
        } catch (AddressException e) {
            // fall back to the raw text below
        }
        return decode(from);
    }

    private static String decode(String text) {
        if (text == null) {
            return "";
        }
        try {
            return MimeUtility.decodeText(text.strip().replaceAll("\\s+", " "));
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return text.strip();
        }
    }

    private static String pad(String s, int width) {
        String clean = s.replaceAll("[\\p{Cntrl}]", " ");
        if (clean.length() > width) {
            return clean.substring(0, width);
        }
        return clean + " ".repeat(width - clean.length());
    }
}
