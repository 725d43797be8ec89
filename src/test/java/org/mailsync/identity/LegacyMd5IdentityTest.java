package org.mailsync.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailsync.mail.HeaderBlock;

/**
 * Every expected value here was produced by the original: each header was put alone in a
 * local mbox folder and synchronised with {@code mailsync -t md5} 5.2.7 (Debian, c-client 2007);
 * the hex is what it wrote to its msinfo.
 */
class LegacyMd5IdentityTest {

    private static HeaderBlock header(String s) {
        return HeaderBlock.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Stream<Arguments> observedByTheOriginal() {
        return Stream.of(
                Arguments.of("Subject: hello\n", "5d41402abc4b2a76b9719d911017c592"),
                Arguments.of("Date: Thu, 26 Nov 2026 13:00:00 +0000  \n", "4a16c24aa5384547306759dd37cd82b6"),
                Arguments.of("Subject: hello\n\tworld  folded\n", "74162647f2d343eb86659972c236cf28"),
                Arguments.of("Subject: lead\n  \tcont\n", "d37c7763791d397eb21847faf8758a0c"),
                Arguments.of("Subject: caf\u00e9 \tx\n", "407b70ad8e7555dd73a9d30ef15667db"),
                Arguments.of("Subject:   lead\n", "13edbe8b95261c3a88680818cace44a4"),
                Arguments.of("subject : lead\n", "13edbe8b95261c3a88680818cace44a4"),
                Arguments.of("Subject: first\nSubject: second\n", "8b04d5e3775d298e78455efc5ca404d5"),
                Arguments.of("Message-ID: <a b@x> trailing\n", "2387e19d878543972dab7adb36fa7fdd"),
                Arguments.of("From: \"Alice A.\" <alice@example.org> (comment)\n", "fbf7c6aec1d4280b7c2704c1c0478bd6"),
                Arguments.of("To: Bob <bob@example.org>, undisclosed: ; , \"john doe\"@x.org\n",
                        "d4c6742ce87a47534b7cd8d421edab10"),
                Arguments.of("To: plain\n", "0e84ef4deb4a73b5d43fb593c0c26ded"),
                Arguments.of("To: a@x\nTo: b@y\n", "b9c4d00b38d48b4db27205faa6039c11"),
                Arguments.of("From: a@x,\n b@y (x\n y)\n", "b9c4d00b38d48b4db27205faa6039c11"),
                Arguments.of("To: x@[1.2.3.4]\n", "6e00e5b0d57266d4c17d0a20110420e2"),
                Arguments.of("To: \"a\\\\\\\"b\"@x\n", "0ae4d713334b739f720a416e05467629"),
                Arguments.of("To: .dot@x, a..b@x\n", "22b6a9be53ab9b9a202c5644b392e7dd"),
                Arguments.of("To: <@r1,@r2:c@x>\n", "68699ca3f8ddcf6a4be11ce7066c9450"),
                Arguments.of("To: d@Ex.Org (c), \"q.r\"@x\n", "f1db80e17888f255df893ae20e35d103"),
                Arguments.of("To: grp: a@x, b@y;, c@z\n", "2f0fce86b74387be0bfbf8119757d9fc"),
                Arguments.of("To: t@x\nMessage-ID: <m@x>\nFrom: f@x\nSubject: s\nDate: d\n",
                        "a2b536ed93b8e00e5038b4d4bb724156"),
                Arguments.of("From someone Thu Nov 26 13:00:00 2026\n"
                        + "Date: Thu, 26 Nov 2026 13:00:00 +0000  \n"
                        + "Subject: hello\n\tworld  folded\n"
                        + "Message-ID: <a b@x> trailing\n"
                        + "From: \"Alice A.\" <alice@example.org> (comment)\n"
                        + "To: Bob <bob@example.org>, undisclosed: ; , \"john doe\"@x.org, plain\n"
                        + "To: second@y.org\n"
                        + "Subject: second subject\n\nbody\n", "626026b9c05ac5392da5f4e24dddbbb0"));
    }

    @ParameterizedTest
    @MethodSource("observedByTheOriginal")
    void matchesWhatTheOriginalWroteToItsMsinfo(String rawHeader, String hex) {
        assertThat(LegacyMd5Identity.of(header(rawHeader))).isEqualTo("<>, md5: <" + hex + ">");
    }

    @Test
    void crlfHeadersGiveTheSameIdentity() {
        String lf = "Date: d\nSubject: a\n\tb\nTo: x@y\n";
        assertThat(LegacyMd5Identity.of(header(lf.replace("\n", "\r\n")))).isEqualTo(LegacyMd5Identity.of(header(lf)));
    }

    @Test
    void hashesDateSubjectMessageIdThenAddresses() {
        assertThat(LegacyMd5Identity.hashedText(header(
                "To: \"Bo b\" <b@y>\nFrom: a@x\nMessage-ID: <m@x>\nSubject: s\nDate: d\n")))
                .isEqualTo("ds<m@x>a@xb@y");
    }

    @Test
    void aHeaderWithoutAnyOfTheFieldsHasNoIdentity() {
        assertThat(LegacyMd5Identity.of(header("X-Other: 1\nTo: group: ;\n"))).isNull();
    }

    @Test
    void twinsWithEqualHeadersCollide() {
        // SEMANTICS.md "-t md5": kept for compatibility; the planner treats twins as duplicates.
        String h = "Date: d\nSubject: s\nFrom: a@x\n";
        assertThat(LegacyMd5Identity.of(header(h + "X-Mailer: 1\n"))).isEqualTo(LegacyMd5Identity.of(header(h)));
    }
}
