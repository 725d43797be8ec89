package org.mailsync.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.mailsync.camel.MailsyncComponent;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.report.RunReport;
import org.mailsync.route.MailsyncBeans;

/**
 * The route set running in Camel Main, for the one-shot CLI: started once, it takes requests to
 * {@code mailsync:} endpoints and answers with their reports. There is no second, Java-only
 * sync path: the endpoint runs every job through the YAML route set.
 */
public final class MailsyncRuntime implements AutoCloseable {

    /** The route files of the built-in set, inside the jar under {@code routes/}. */
    public static final List<String> BUILT_IN_ROUTE_FILES = List.of("mailsync.camel.yaml", "migrate.camel.yaml");

    private final Main main;
    private final ProducerTemplate template;

    private MailsyncRuntime(Main main) {
        this.main = main;
        this.template = main.getCamelContext().createProducerTemplate();
    }

    /**
     * Starts the route set with the {@code mailsync} component configured by {@code defaults}.
     *
     * @param routesDir a user's route directory, or null: its {@code *.camel.yaml} files are
     *                  loaded beside the built-in set, and one named like a built-in file
     *                  replaces that file
     * @param home      the user's home directory, property {@code mailsync.home} for routes
     * @param defaults  the options every {@code mailsync:} endpoint starts from
     */
    public static MailsyncRuntime start(Path routesDir, Path home, MailsyncConfiguration defaults) throws Exception {
        Main main = main(routesDir, home, List.of());
        MailsyncComponent component = new MailsyncComponent();
        component.setConfiguration(defaults);
        main.bind("mailsync", component);
        main.start();
        return new MailsyncRuntime(main);
    }

    /** A Camel Main with the route set, ready to start. */
    public static Main main(Path routesDir, Path home, List<String> extraRoutes) {
        Main main = new Main();
        main.configure().withName("mailsync");
        main.configure().withJmxEnabled(false);
        List<String> patterns = new ArrayList<>(routePatterns(routesDir));
        patterns.addAll(extraRoutes);
        main.configure().withRoutesIncludePattern(String.join(",", patterns));
        main.configure().addConfiguration(new RouteSetConfiguration());
        main.addOverrideProperty("mailsync.home", home.toAbsolutePath().toString());
        // Messages are the bodies of the copy route: big ones spill to disk, never fill the heap.
        // They spill into a directory of this process's own, mode 0700: Camel's default
        // (/tmp/camel) is shared by every user, so the first user's directory locked the others
        // out, and spooled mail must not be readable by anyone else.
        Path spool = SpoolDirectory.create();
        main.addOverrideProperty("camel.main.streamCachingEnabled", "true");
        main.addOverrideProperty("camel.main.streamCachingSpoolEnabled", "true");
        main.addOverrideProperty("camel.main.streamCachingSpoolThreshold", "1048576");
        main.addOverrideProperty("camel.main.streamCachingSpoolDirectory", spool.toString());
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStop(org.apache.camel.main.BaseMainSupport stopped) {
                SpoolDirectory.delete(spool);
            }
        });
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

    /**
     * Sends one request to a {@code mailsync:} endpoint.
     *
     * @return the run's report
     * @throws Exception why the run could not start (nothing was changed)
     */
    public RunReport request(String endpointUri) throws Exception {
        Exchange reply = template.send(endpointUri, e -> { });
        if (reply.getException() != null) {
            throw reply.getException();
        }
        return reply.getMessage().getBody(RunReport.class);
    }

    /** The {@code mailsync:} URI of a channel or store name, whatever characters it has. */
    public static String uri(String name) {
        StringBuilder b = new StringBuilder("mailsync:");
        for (byte c : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
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

    /** Unwraps Camel's wrapper around a request's failure. */
    public static Throwable cause(Throwable e) {
        return e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Binds the route set's beans when Camel Main configures the context. */
    public static final class RouteSetConfiguration implements org.apache.camel.CamelConfiguration {
        @Override
        public void configure(CamelContext camelContext) {
            MailsyncBeans.bindTo(camelContext.getRegistry());
        }
    }
}
