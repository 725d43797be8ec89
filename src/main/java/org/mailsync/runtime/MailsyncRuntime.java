package org.mailsync.runtime;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.mailsync.route.MailsyncBeans;
import org.mailsync.route.MailsyncConstants;
import org.mailsync.route.SyncJob;

/**
 * The route set running in Camel Main: started once, it takes jobs (sync, diff, list) as
 * requests to the routes' {@code direct:} endpoints and answers with their exit codes. The
 * CLI runs every job through here; there is no second, Java-only sync path.
 */
public final class MailsyncRuntime implements AutoCloseable {

    /** Where the default route set ships: inside the jar. */
    public static final String DEFAULT_ROUTES = "classpath:routes/*.camel.yaml";

    private final Main main;
    private final ProducerTemplate template;

    private MailsyncRuntime(Main main) {
        this.main = main;
        CamelContext context = main.getCamelContext();
        this.template = context.createProducerTemplate();
    }

    /**
     * Starts the route set.
     *
     * @param routesDir a user's own route directory whose {@code *.camel.yaml} files replace the
     *                  default set, or null for the default set
     */
    public static MailsyncRuntime start(Path routesDir) throws Exception {
        Main main = new Main();
        main.configure().withName("mailsync");
        main.configure().withJmxEnabled(false);
        main.configure().withRoutesIncludePattern(
                routesDir == null ? DEFAULT_ROUTES : "file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        main.configure().addConfiguration(new RouteSetConfiguration());
        main.start();
        return new MailsyncRuntime(main);
    }

    /** The running CamelContext (for embedding and tests). */
    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Syncs the two stores of a channel; returns the exit code. */
    public int sync(SyncJob job) {
        return template.requestBody("direct:sync", job, Integer.class);
    }

    /** Shows what changed in one store of a channel since its last sync; returns the exit code. */
    public int diff(SyncJob job) {
        return template.requestBody("direct:diff", job, Integer.class);
    }

    /** Lists a store (side A of the job); returns the exit code. */
    public int list(SyncJob job, boolean withMessages) {
        return template.requestBodyAndHeader("direct:list", job, MailsyncConstants.LIST_MESSAGES, withMessages, Integer.class);
    }

    @Override
    public void close() {
        try {
            template.close();
        } catch (Exception e) {
            // stopping anyway
        }
        main.stop();
    }

    /** Binds the route set's beans when Camel Main configures the context. */
    public static final class RouteSetConfiguration implements org.apache.camel.CamelConfiguration {
        @Override
        public void configure(CamelContext camelContext) {
            MailsyncBeans.bindTo(camelContext.getRegistry());
        }
    }
}
