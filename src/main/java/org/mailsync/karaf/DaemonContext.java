package org.mailsync.karaf;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StreamCachingStrategy;
import org.mailsync.camel.MailsyncComponent;
import org.mailsync.camel.MailsyncConfiguration;
import org.mailsync.daemon.RunRecorder;
import org.mailsync.route.MailsyncBeans;

/**
 * The Camel context of a daemon in Karaf, configured as {@code mailsync daemon} configures its
 * Camel Main, ready to start: the {@code mailsync} component with the config, home and console;
 * the route set's beans and the {@code runRecorder}; the route files ({@link RouteFiles});
 * stream caching that spools big messages into a private directory; 300 s for the folder pair
 * in progress to finish when it stops. Classes and resources (components, the YAML DSL, route
 * files) come from the bundle: it is the context's application class loader, and the thread's
 * context class loader while the context is made.
 */
public final class DaemonContext {

    /** Messages over this size spool to disk instead of filling the heap. */
    private static final long SPOOL_THRESHOLD = 1024 * 1024;
    /** Seconds the folder pair in progress has to finish and commit when the daemon stops. */
    private static final long SHUTDOWN_TIMEOUT = 300;

    private DaemonContext() {
    }

    /**
     * A context with everything the daemon's routes need, not started.
     *
     * @param bundleLoader the bundle's class loader
     * @param spool        the private directory big messages spool into
     */
    public static CamelContext create(KarafSettings settings, RunRecorder recorder, Path spool, ClassLoader bundleLoader)
            throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try {
            DefaultCamelContext context = new DefaultCamelContext();
            context.setApplicationContextClassLoader(bundleLoader);
            context.getCamelContextExtension().setName("mailsync");
            context.disableJMX();
            Properties properties = new Properties();
            properties.setProperty("mailsync.home", settings.home().toString());
            context.getPropertiesComponent().setOverrideProperties(properties);
            context.setStreamCaching(true);
            StreamCachingStrategy caching = context.getStreamCachingStrategy();
            caching.setSpoolEnabled(true);
            caching.setSpoolThreshold(SPOOL_THRESHOLD);
            caching.setSpoolDirectory(spool.toFile());
            context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT);
            MailsyncBeans.bindTo(context.getRegistry());
            context.getRegistry().bind("mailsync", component(settings));
            context.getRegistry().bind("runRecorder", recorder);
            RouteFiles.load(context, settings.routes());
            return context;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static MailsyncComponent component(KarafSettings settings) {
        MailsyncConfiguration defaults = new MailsyncConfiguration();
        defaults.setConfig(settings.config().toString());
        defaults.setHome(settings.home().toString());
        defaults.setConsole(LogConsole.create());
        MailsyncComponent component = new MailsyncComponent();
        component.setConfiguration(defaults);
        return component;
    }
}
