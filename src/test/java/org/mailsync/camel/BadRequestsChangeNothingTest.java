package org.mailsync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailsync.testkit.MailFolders.maildir;
import static org.mailsync.testkit.MailFolders.mbox;
import static org.mailsync.testkit.MailFolders.snapshot;

import java.util.Map;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailsync.assembly.RequestException;
import org.mailsync.config.ConfigException;

/**
 * A producer request that names the wrong thing (an unknown channel, a store where a channel
 * is needed and the other way round, a store that is not the channel's) fails the exchange
 * with a message that names it, and changes nothing in the home directory: no mail, no state
 * database, no lock file.
 */
class BadRequestsChangeNothingTest extends RouteSetTestSupport {

    Map<String, String> before;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:office").to(uri("office", ""));
            }
        };
    }

    @BeforeEach
    void mailOnBothSides() throws Exception {
        maildir(mail.resolve("inbox"), "a1");
        mbox(archive.resolve("inbox"), "b1");
        before = snapshot(home);
    }

    @Test
    void anUnknownChannelFailsTheExchangeNamingIt() throws Exception {
        Exchange reply = request(uri("nosuch", ""), Map.of());

        assertThat(reply.isFailed()).isTrue();
        assertThat(reply.getException()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("A channel or store named \"nosuch\" has not been configured");
        assertThat(reply.getMessage().getBody()).as("no report").isNull();
        assertNothingChanged();
    }

    @Test
    void anUnknownChannelInARouteFailsTheCaller() throws Exception {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> template.requestBody("direct:office", (Object) null));

        assertThat(failure).isInstanceOf(CamelExecutionException.class)
                .cause().hasMessageContaining("\"office\" has not been configured");
        assertNothingChanged();
    }

    @Test
    void aStoreNameIsNoChannelToSync() throws Exception {
        Exchange reply = request(uri("laptop", "operation=sync"), Map.of());

        assertThat(reply.getException()).isInstanceOf(RequestException.class)
                .hasMessageContaining("\"laptop\" is a store, not a channel");
        assertNothingChanged();
    }

    @Test
    void aChannelNameIsNoStoreToList() throws Exception {
        Exchange reply = request(uri("backup", "operation=list"), Map.of());

        assertThat(reply.getException()).isInstanceOf(RequestException.class)
                .hasMessageContaining("\"backup\" is a channel; list mode takes a store");
        assertNothingChanged();
    }

    @Test
    void diffTakesOnlyOneOfTheChannelsStores() throws Exception {
        Exchange reply = request(uri("backup", "operation=diff&store=elsewhere"), Map.of());

        assertThat(reply.getException()).isInstanceOf(RequestException.class)
                .hasMessageContaining("store \"elsewhere\" is not one of channel \"backup\"'s stores (laptop, archive)");
        assertNothingChanged();
    }

    private void assertNothingChanged() throws Exception {
        assertThat(snapshot(home)).isEqualTo(before);
        assertThat(home.resolve(".msinfo")).doesNotExist();
        assertThat(home.resolve(".msinfo.lock")).doesNotExist();
    }
}
