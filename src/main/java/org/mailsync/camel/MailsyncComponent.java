package org.mailsync.camel;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.TimeUtils;
import org.mailsync.msinfo.SqliteSyncStateFactory;
import org.mailsync.msinfo.SyncStateFactory;
import org.mailsync.route.MailsyncBeans;

/**
 * The {@code mailsync:} component: {@code mailsync:CHANNEL} syncs a channel of a mailsync
 * config (producer: one run per message; consumer: one run per poll, on a schedule). Every run
 * goes through the route set ({@code routes/mailsync.camel.yaml}), which must be loaded in
 * the same CamelContext; the component binds the beans that route set uses when it starts.
 */
@Component("mailsync")
public class MailsyncComponent extends DefaultComponent {

    @Metadata(description = "Defaults for every endpoint's options (config, home, ...).")
    private MailsyncConfiguration configuration = new MailsyncConfiguration();
    @Metadata(label = "advanced", description = "Where channels keep their state; default: the bean named mailsyncState, else SQLite.")
    private SyncStateFactory stateFactory;

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        MailsyncBeans.bindTo(getCamelContext().getRegistry());
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("mailsync: needs a channel (or for operation=list a store) name,"
                    + " e.g. mailsync:office");
        }
        MailsyncConfiguration config = configuration.copy();
        config.setName(remaining);
        MailsyncEndpoint endpoint = new MailsyncEndpoint(uri, this, config);
        setProperties(config, parameters);
        durations(parameters);
        Object cron = parameters.remove("cron");
        if (cron != null) {
            // The shorthand for Camel's Quartz poll scheduler: cron=0+0/15+*+*+*+?
            parameters.put("scheduler", "quartz");
            parameters.put("scheduler.cron", cron.toString());
        }
        return endpoint;
    }

    /** {@code delay=15m}, {@code initialDelay=10s}: durations as well as milliseconds. */
    private static void durations(Map<String, Object> parameters) {
        for (String key : new String[] {"delay", "initialDelay"}) {
            Object value = parameters.get(key);
            if (value instanceof String text && !text.chars().allMatch(Character::isDigit)) {
                parameters.put(key, Long.toString(TimeUtils.toMilliSeconds(text)));
            }
        }
    }

    /** The state factory: the one set here, else the registry's {@value SyncStateFactory#BEAN_NAME}, else SQLite. */
    SyncStateFactory resolveStateFactory() {
        if (stateFactory != null) {
            return stateFactory;
        }
        SyncStateFactory bound = getCamelContext().getRegistry().lookupByNameAndType(SyncStateFactory.BEAN_NAME,
                SyncStateFactory.class);
        return bound != null ? bound : new SqliteSyncStateFactory();
    }

    public MailsyncConfiguration getConfiguration() {
        return configuration;
    }

    /** Defaults for every endpoint's options. */
    public void setConfiguration(MailsyncConfiguration configuration) {
        this.configuration = configuration;
    }

    public SyncStateFactory getStateFactory() {
        return stateFactory;
    }

    /** Where channels keep their state; default: the registry's {@code mailsyncState}, else SQLite. */
    public void setStateFactory(SyncStateFactory stateFactory) {
        this.stateFactory = stateFactory;
    }
}
