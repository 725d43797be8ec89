package org.mailsync.karaf;

import java.io.File;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

/**
 * The bundle's activator: on start it registers a {@link SettingsListener} for the PID
 * {@code org.mailsync}, whose configurations start, restart and stop the daemon; on stop it
 * stops the daemon gracefully (the folder pair in progress finishes and commits).
 */
public final class MailsyncBundleActivator implements BundleActivator {

    private DaemonSupervisor supervisor;
    private ServiceRegistration<ManagedService> registration;

    @Override
    public void start(BundleContext bundleContext) {
        File data = bundleContext.getDataFile("");
        if (data == null) {
            // a framework without a file system for bundles
            data = new File(System.getProperty("java.io.tmpdir"), "mailsync-karaf");
        }
        ClassLoader bundleLoader = MailsyncBundleActivator.class.getClassLoader();
        supervisor = new DaemonSupervisor(data.toPath(), bundleLoader);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_PID, KarafSettings.PID);
        registration = bundleContext.registerService(ManagedService.class, new SettingsListener(supervisor), properties);
    }

    @Override
    public void stop(BundleContext bundleContext) throws InterruptedException {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (supervisor != null) {
            supervisor.close();
            supervisor = null;
        }
    }
}
