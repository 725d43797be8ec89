package org.mailsync.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into a graceful stop instead of the JVM's exit: the folder pair in
 * progress finishes and commits, and the daemon exits 0 (the JVM's own handling would exit 143
 * or 130). {@code sun.misc.Signal} is reached by reflection, as it is a JDK-internal API
 * (module jdk.unsupported) that the compiler would warn about.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /**
     * Calls {@code onStop} on SIGTERM and SIGINT.
     *
     * @return what gives the signals back to their previous handlers (the JVM's), so that a
     *         daemon run in-process leaves the JVM as it found it
     */
    static Runnable install(Runnable onStop) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (InvocationHandler) (Object p, Method m, Object[] args) -> {
                        if (m.getName().equals("handle")) {
                            onStop.run();
                        }
                        return null;
                    });
            Method handle = signal.getMethod("handle", signal, handler);
            java.util.Map<Object, Object> previous = new java.util.LinkedHashMap<>();
            for (String name : new String[] {"TERM", "INT"}) {
                Object sig = signal.getConstructor(String.class).newInstance(name);
                previous.put(sig, handle.invoke(null, sig, proxy));
            }
            return () -> previous.forEach((sig, old) -> {
                try {
                    handle.invoke(null, sig, old);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.warn("cannot restore the handler of {}: {}", sig, e.toString());
                }
            });
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot handle SIGTERM/SIGINT ({}); stopping will not be graceful", e.toString());
            return () -> { };
        }
    }
}
