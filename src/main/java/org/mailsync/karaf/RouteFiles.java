package org.mailsync.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceLoader;
import org.apache.camel.support.PluginHelper;
import org.mailsync.runtime.MailsyncRuntime;

/**
 * The route files a daemon in Karaf loads, as {@code mailsync daemon --routes DIR} does: the
 * built-in set inside the bundle ({@code routes/mailsync.camel.yaml}, {@code migrate.camel.yaml})
 * with the daemon's template ({@code routes/daemon.camel.yaml}), and the user's
 * {@code *.camel.yaml} files; a user's file named like a built-in one replaces it.
 */
public final class RouteFiles {

    /** The daemon's route template file, beside the built-in set. */
    static final String DAEMON_ROUTES = "daemon.camel.yaml";

    private RouteFiles() {
    }

    /** The names of the built-in route files the daemon loads from the bundle. */
    static List<String> builtIn() {
        List<String> names = new ArrayList<>(MailsyncRuntime.BUILT_IN_ROUTE_FILES);
        names.add(DAEMON_ROUTES);
        return names;
    }

    /** Loads the route files into a context (before it starts). */
    public static void load(CamelContext context, Path userRoutes) throws Exception {
        ResourceLoader loader = PluginHelper.getResourceLoader(context);
        List<Resource> resources = new ArrayList<>();
        for (String name : builtIn()) {
            if (userRoutes == null || !Files.exists(userRoutes.resolve(name))) {
                resources.add(loader.resolveResource("classpath:routes/" + name));
            }
        }
        for (Path file : userFiles(userRoutes)) {
            resources.add(loader.resolveResource("file:" + file));
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(resources);
    }

    /** The {@code *.camel.yaml} files of the user's directory, by name; none without one. */
    static List<Path> userFiles(Path userRoutes) throws IOException {
        if (userRoutes == null) {
            return List.of();
        }
        if (!Files.isDirectory(userRoutes)) {
            throw new IOException("key routes: " + userRoutes + " is not a directory");
        }
        try (Stream<Path> files = Files.list(userRoutes)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
