package org.mailsync.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailsync.identity.IdentityMode;
import org.mailsync.identity.MessageIdentifier;
import org.mailsync.mail.HeaderBlock;
import org.mailsync.store.MessageMeta;

/**
 * Proves that our mbox splitting and MSGID identity count messages, missing Message-IDs,
 * distinct Message-IDs and duplicate groups (IDs carried by more than one message, and how many
 * messages carry them) as the shared corpus README states them, for whole sources and single
 * files. The README's counts were made with Python's {@code mailbox.mbox}; where our reader
 * deliberately splits differently, the expected value is the README's adjusted by exactly that
 * difference, explained in the row's comment.
 */
class CorpusDuplicatesTest {

    /**
     * @param selection   a path prefix below the corpus folder (a source, a folder or one file)
     * @param messages    messages in it
     * @param noId        messages without a Message-ID
     * @param distinct    distinct Message-ID values
     * @param dupIds      Message-ID values on more than one message
     * @param dupMessages messages carrying such a value
     * @param twoIdFields messages with more than one Message-ID field
     */
    @ParameterizedTest(name = "{0}: {1} messages, {2} without Message-ID, {3} distinct, {4} duplicated ({5} messages)")
    @CsvSource(delimiter = '|', textBlock = """
        # README "dovecot-imaptest": 40 mbox files, 191 messages, 169 without Message-ID, 9 distinct IDs, 3 duplicated
        # (16). The ID counts are the README's. A recount of these 40 files with the README's own method (Python
        # 3.11.7 mailbox.mbox, file by file) gives 192 and 170, as we do, file for file: the README's total is one
        # message without Message-ID short.
        dovecot-imaptest/                                   | 192 | 170 | 9  | 3  | 16  | 0
        # README "apache-spamassassin": 220 messages, 19 without Message-ID, 89 distinct, 18 duplicated (130), 4 with two
        # Message-ID fields. Two deliberate differences, each checked file by file against Python:
        # * spam/008: Python cuts it in two at its header line "From  :<tst1@example.com>", giving a piece without
        #   Message-ID; our reader keeps one message (that line is not a separator), so one message and one
        #   id-less message fewer;
        # * spam/bsmtp (a BSMTP transcript: HELO, MAIL FROM, RCPT TO, DATA before the headers): Python's parser stops
        #   at the first line that is no header field and finds no Message-ID; our HeaderBlock skips such lines and
        #   finds "Message-Id: <78w08.t365th3y6x7h@yahoo.com>", an ID other messages carry too: one id-less message
        #   fewer, one more message in the duplicate groups.
        apache-spamassassin/                                | 219 | 17  | 89 | 18 | 131 | 4
        # README "mimekit": 69 messages, 21 without Message-ID, 3 duplicated (8); no distinct count given (43 by both
        # counts). unmunged.mbox.txt starts with a UTF-8 byte order mark, so the README's rule (first bytes "From ")
        # read it as one message; our reader skips the mark and finds its 2 messages (MboxReaderTest), both id-less:
        # one message and one id-less message more.
        mimekit/                                            | 70  | 22  | 43 | 3  | 8   | 0
        # README "apache-ponymail-unit-tests": the same maven-dev message of 2017-11 archived by three archivers.
        apache-ponymail-unit-tests/corpus/maven-dev-2017-11-124652- | 3 | 0 | 1 | 1 | 3 | 0
        # README "apache-spamassassin": "4 messages have two Message-ID headers: spam/dmarc/{noneko,quarko,rejectko}.eml"
        # (and dkim/test-pass-08.msg), and an ID is reused "in 16 files (spf and dmarc tests)": 4 of the 5 here.
        apache-spamassassin/t/data/spam/dmarc/              | 5   | 0   | 2  | 1  | 4   | 3
        # README: nice.mbox holds 3 messages.
        apache-spamassassin/t/data/nice.mbox                | 3   | 0   | 3  | 0  | 0   | 0
        """)
    void countsMatchTheCorpusReadme(String selection, int messages, int noId, int distinct, int dupIds, int dupMessages,
            int twoIdFields) throws Exception {
        Counts c = count(f -> f.path().startsWith(selection));
        assertThat(c.summary()).as("counts for %s", selection)
                .isEqualTo(new Counts(messages, noId, distinct, dupIds, dupMessages, twoIdFields, Map.of()).summary());
    }

    /** README: {@code <4A294538.10002@spamassassin.org>} "appears in 44 files (mostly the dkim tests)". */
    @ParameterizedTest(name = "{0} is on {1} messages")
    @CsvSource(delimiter = '|', textBlock = """
        <4A294538.10002@spamassassin.org> | 44
        """)
    void mostReusedSpamassassinId(String id, int files) throws Exception {
        Counts c = count(f -> f.source().equals("apache-spamassassin"));
        assertThat(c.byId().get(id)).as("messages carrying %s", id).isEqualTo(files);
    }

    private static Counts count(Predicate<Corpus.MailFile> which) throws Exception {
        int messages = 0;
        int noId = 0;
        int twoFields = 0;
        Map<String, Integer> byId = new LinkedHashMap<>();
        for (Corpus.MailFile f : Corpus.mailFiles()) {
            if (!which.test(f)) {
                continue;
            }
            for (Corpus.Message m : Corpus.messages(f)) {
                messages++;
                byte[] header = m.sourceMeta() != null ? m.sourceMeta().header() : CorpusRoundTripTest.header(m.bytes());
                MessageMeta meta = new MessageMeta(m.label(), m.bytes().length, m.flags(), null, header);
                String id = MessageIdentifier.identify(IdentityMode.MSGID, meta, null);
                if (id == null) {
                    noId++;
                } else {
                    byId.merge(id, 1, Integer::sum);
                }
                if (HeaderBlock.parse(header).all("Message-ID").size() > 1) {
                    twoFields++;
                }
            }
        }
        int dupIds = 0;
        int dupMessages = 0;
        for (int n : byId.values()) {
            if (n > 1) {
                dupIds++;
                dupMessages += n;
            }
        }
        return new Counts(messages, noId, byId.size(), dupIds, dupMessages, twoFields, byId);
    }

    private record Counts(int messages, int noId, int distinct, int dupIds, int dupMessages, int twoIdFields,
            Map<String, Integer> byId) {
        List<Integer> summary() {
            return new ArrayList<>(List.of(messages, noId, distinct, dupIds, dupMessages, twoIdFields));
        }
    }
}
