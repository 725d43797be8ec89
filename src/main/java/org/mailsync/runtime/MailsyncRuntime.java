package org.mailsync.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /** The route files of the built-in set, inside the jar under {@code routes/}. */
    public static final List<String> BUILT_IN_ROUTE_FILES = List.of("mailsync.camel.yaml");

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
     * @param routesDir a user's route directory, or null: its {@code *.camel.yaml} files are
     *                  loaded beside the built-in set, and one named like a built-in file
     *                  replaces that file
     * @param home      the user's home directory, property {@code mailsync.home} for routes
     */
    public static MailsyncRuntime start(Path routesDir, Path home) throws Exception {
        Main main = main(routesDir, home, List.of());
        main.start();
        return new MailsyncRuntime(main);
    }

    /**
     * Starts the route set with a schedule: {@code routes/schedule.camel.yaml}, whose Quartz
     * route calls {@code oneRun} each time the cron expression fires, until {@link #close()}.
     *
     * @param cron   a Quartz cron expression ({@code 0 0/15 * * * ?})
     * @param oneRun one whole sync, given this runtime; returns its exit code
     */
    public static MailsyncRuntime startScheduled(Path routesDir, Path home, String cron,
                                                 Function<MailsyncRuntime, Integer> oneRun) throws Exception {
        Main main = main(routesDir, home, List.of("classpath:routes/schedule.camel.yaml"));
        // Quartz reads '+' as a space in the endpoint URI.
        main.addOverrideProperty("mailsync.schedule.cron", cron.trim().replaceAll("\\s+", "+"));
        MailsyncRuntime[] runtime = new MailsyncRuntime[1];
        ScheduledSync scheduled = new ScheduledSync(() -> oneRun.apply(runtime[0]));
        main.bind("scheduledSync", scheduled);
        synchronized (scheduled) {
            // A firing waits on this lock until the runtime below exists.
            main.start();
            runtime[0] = new MailsyncRuntime(main);
        }
        return runtime[0];
    }

    private static Main main(Path routesDir, Path home, List<String> extraRoutes) {
        Main main = new Main();
        main.configure().withName("mailsync");
        main.configure().withJmxEnabled(false);
        List<String> patterns = new ArrayList<>(routePatterns(routesDir));
        patterns.addAll(extraRoutes);
        main.configure().withRoutesIncludePattern(String.join(",", patterns));
        main.configure().addConfiguration(new RouteSetConfiguration());
        main.addOverrideProperty("mailsync.home", home.toAbsolutePath().toString());
        return main;
    }

    /** The include patterns for the built-in route files and a user's directory. */
    static List<String> routePatterns(Path routesDir) {
        List<String> patterns = new ArrayList<>();
        for (String name : BUILT_IN_ROUTE_FILES) {
            if (routesDir == null || !Files.exists(routesDir.resolve(name))) {
                patterns.add("classpath:routes/" + name);
            }
        }
        if (routesDir != null) {
            patterns.add("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        }
        return patterns;
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
