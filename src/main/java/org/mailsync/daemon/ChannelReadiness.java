package org.mailsync.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The daemon's readiness: DOWN while the last run of some channel failed because a server could
 * not be reached (the message names the channels and why), UP otherwise. A run that later
 * succeeds makes its channel ready again. Served at {@code /observe/health} and
 * {@code /observe/health/ready}.
 */
public final class ChannelReadiness extends AbstractHealthCheck {

    private final Map<String, String> unreachable = new ConcurrentHashMap<>();

    public ChannelReadiness() {
        super("mailsync", "mailsync-channels");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** The outcome of a channel's run: a connection failure (with its reason) or not (null). */
    public void record(String channel, String connectionFailure) {
        if (connectionFailure == null) {
            unreachable.remove(channel);
        } else {
            unreachable.put(channel, connectionFailure);
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (unreachable.isEmpty()) {
            builder.up();
            return;
        }
        StringBuilder message = new StringBuilder();
        new java.util.TreeMap<>(unreachable).forEach((channel, reason) -> {
            message.append(message.length() == 0 ? "" : "; ").append("channel ").append(channel).append(": ").append(reason);
            builder.detail("channel." + channel, reason);
        });
        builder.message(message.toString());
        builder.down();
    }
}
