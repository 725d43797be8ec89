package org.mailsync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.mailsync.store.MailStore;

/**
 * How a store's folder names become boxnames, and which boxnames are refused: a name is never
 * rewritten into another folder's name, so names whose segments a path would resolve away
 * ({@code .}, {@code ..}, empty ones), absolute names and names starting with {@code ~} are
 * refused by name rather than normalized.
 */
class StoreSideTest {

    /** A store that only answers {@link MailStore#delimiter()}: boxnames need nothing else. */
    static MailStore storeWithDelimiter(char delimiter) {
        return (MailStore) Proxy.newProxyInstance(StoreSideTest.class.getClassLoader(), new Class<?>[] {MailStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("delimiter")) {
                        return delimiter;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static StoreSide side(char delimiter, String prefix) {
        return new StoreSide("remote", storeWithDelimiter(delimiter), "*", prefix);
    }

    @Test
    void ordinaryNamesBecomeBoxnamesAndAreAccepted() {
        StoreSide slash = side('/', "");
        StoreSide dot = side('.', "INBOX.");

        assertThat(slash.boxname("lists/camel")).isEqualTo("lists/camel");
        assertThat(slash.boxname("inbox")).isEqualTo("INBOX");
        assertThat(dot.boxname("INBOX.lists.camel")).isEqualTo("lists/camel");
        for (String box : new String[] {"INBOX", "lists/camel", "a.b", "..x", "a..b", "...", "x~", "a/~b", "My Folder",
                "Entwürfe", ".hidden"}) {
            assertThat(StoreSide.refusal(box)).as(box).isNull();
        }
    }

    @Test
    void dotAndDotDotSegmentsAreRefusedNotResolved() {
        for (String box : new String[] {"a/../b", "..", "../b", "a/..", "./x", ".", "a/./b", "a/."}) {
            assertThat(StoreSide.refusal(box)).as(box).isNotNull().contains("\"" + (box.contains("..") ? ".." : ".") + "\" segment");
        }
    }

    @Test
    void absoluteNamesAreRefused() {
        assertThat(StoreSide.refusal("/x")).contains("absolute");
        assertThat(StoreSide.refusal("/etc/passwd")).contains("absolute");
    }

    @Test
    void namesStartingWithTildeAreRefused() {
        assertThat(StoreSide.refusal("~x")).contains("\"~\"");
        assertThat(StoreSide.refusal("~/x")).contains("\"~\"");
        assertThat(StoreSide.refusal("~alice/Mail")).contains("\"~\"");
    }

    @Test
    void emptySegmentsAreRefusedBecauseAPathDropsThem() {
        // "a//b" and "a/" would be read as "a/b" and "a" by a local store.
        for (String box : new String[] {"a//b", "a/", "a////b"}) {
            assertThat(StoreSide.refusal(box)).as(box).contains("empty");
        }
    }

    @Test
    void aServerWithDotAsDelimiterCannotSmuggleSegmentsEither() {
        StoreSide dot = side('.', "");

        // "a....b" on a server with "." as delimiter is a/(empty)/(empty)/(empty)/b, not a/b.
        assertThat(StoreSide.refusal(dot.boxname("a....b"))).contains("empty");
        // Its dots are delimiters too: "a/../b" there is a/(empty)/(empty)/(empty)/b.
        assertThat(dot.boxname("a/../b")).isEqualTo("a////b");
        assertThat(StoreSide.refusal(dot.boxname("a/../b"))).isNotNull();
        assertThat(StoreSide.refusal(dot.boxname(".x"))).contains("absolute");
        assertThat(StoreSide.refusal(side('.', "INBOX.").boxname("INBOX..x"))).contains("absolute");
    }
}
