package org.mailsync.karaf;

import java.util.Dictionary;

import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the configuration of PID {@code org.mailsync} from ConfigAdmin (Karaf reads it from
 * {@code etc/org.mailsync.cfg} and calls again on every change of the file): each one restarts
 * the daemon with it; none, or one without {@code config}, stops it.
 */
public final class SettingsListener implements ManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsListener.class);

    private final DaemonSupervisor supervisor;

    /** @param supervisor the daemon's supervisor, told each configuration */
    public SettingsListener(DaemonSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void updated(Dictionary<String, ?> properties) throws ConfigurationException {
        if (properties == null) {
            LOG.info("mailsync waits for its configuration: etc/{}.cfg with at least config = PATH", KarafSettings.PID);
            supervisor.apply(null);
            return;
        }
        KarafSettings settings;
        try {
            settings = KarafSettings.of(properties);
        } catch (IllegalArgumentException e) {
            supervisor.apply(null);
            throw new ConfigurationException("config", e.getMessage());
        }
        LOG.info("mailsync (re)starts with {}", settings);
        supervisor.apply(settings);
    }
}
