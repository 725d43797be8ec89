package org.mailsync.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.mailsync.report.RunReport;
import org.mailsync.route.MailsyncBeans;

/**
 * A CamelContext per test with the real route set ({@code routes/mailsync.camel.yaml}) loaded
 * beside the test's own routes, as {@code MailsyncRuntime} runs it, and a temporary home
 * directory holding a mailsync config ({@value #CONFIG}, given to endpoints by {@code config=}):
 * a Maildir store {@code laptop} under {@code Mail/}, an mbox store {@code archive} under
 * {@code Archive/}, and the channel {@code backup} between them.
 */
abstract class RouteSetTestSupport extends CamelTestSupport {

    /** The route set every {@code mailsync:} request runs through. */
    static final String ROUTE_SET = "file:routes/mailsync.camel.yaml";
    /** The config file's name in the home directory (not the default {@code .mailsync}). */
    static final String CONFIG = "mailsync.conf";

    @TempDir
    Path home;

    Path mail;
    Path archive;

    @Override
    protected void bindToRegistry(Registry registry) throws Exception {
        MailsyncBeans.bindTo(registry);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        writeConfig();
        List<RoutesBuilder> builders = new ArrayList<>(PluginHelper.getRoutesLoader(context)
                .findRoutesBuilders(ResourceHelper.resolveMandatoryResource(context, ROUTE_SET)));
        builders.addAll(Arrays.asList(super.createRouteBuilders()));
        return builders.toArray(RoutesBuilder[]::new);
    }

    /**
     * Stops the test's consumers and waits (bounded) until no poll is still running: Camel's
     * graceful shutdown waits only for exchanges in flight, not for a poll that is still
     * opening or closing its channel, and such a poll would write into the home directory
     * while JUnit deletes it.
     */
    @AfterEach
    void stopConsumersAndTheirRuns() throws Exception {
        List<MailsyncConsumer> consumers = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof MailsyncConsumer consumer) {
                consumers.add(consumer);
                context.getRouteController().stopRoute(route.getRouteId());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (consumers.stream().anyMatch(MailsyncConsumer::isPolling)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a poll did not end within 10 s of its route's stop");
            }
            Thread.sleep(10);
        }
    }

    /** Writes the config before any route (a consumer) starts. */
    void writeConfig() throws Exception {
        mail = home.resolve("Mail");
        archive = home.resolve("Archive");
        Files.writeString(home.resolve(CONFIG), """
                # a laptop Maildir and an mbox archive
                store laptop  { pat Mail/%     prefix Mail/ }
                store archive { pat Archive/%  prefix Archive/  format mbox }
                channel backup laptop archive { msinfo .msinfo }
                """);
    }

    /** The URI of a channel or store of the test's config, with more options ({@code a=b&c=d}) if given. */
    String uri(String name, String options) {
        return "mailsync:" + name + "?home=" + home + "&config=" + CONFIG + (options.isEmpty() ? "" : "&" + options);
    }

    /** Sends an empty request and returns the exchange, failed or not. */
    Exchange request(String uri, Map<String, Object> headers) {
        return template.send(uri, e -> e.getMessage().setHeaders(new java.util.HashMap<>(headers)));
    }

    /** Sends a request that must succeed and returns its report. */
    RunReport report(String uri) {
        Exchange reply = request(uri, Map.of());
        if (reply.getException() != null) {
            throw new AssertionError(uri + " failed", reply.getException());
        }
        return reply.getMessage().getBody(RunReport.class);
    }
}
