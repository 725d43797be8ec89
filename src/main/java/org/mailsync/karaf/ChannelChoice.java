package org.mailsync.karaf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailsync.config.ChannelConfig;
import org.mailsync.config.MailsyncConfig;

/**
 * Which channels the daemon runs, as {@code mailsync daemon} chooses them: with no
 * {@code channels} key, every channel that has a {@code schedule} runs on it and every channel
 * with {@code push} is watched; with the key, exactly the named channels, each of which must
 * exist and have a schedule or push.
 *
 * @param schedules channel → its {@code schedule}, in config order
 * @param pushed    the chosen channels with {@code push}
 */
public record ChannelChoice(Map<String, String> schedules, List<ChannelConfig> pushed) {

    /**
     * The channels of a config to run.
     *
     * @param chosen     the {@code channels} key, or null for all that can run
     * @param userRoutes whether the user's own routes run too (then nothing to schedule is fine)
     * @throws IllegalArgumentException saying what to change, when a named channel is unknown or
     *                                  cannot run, or nothing at all would run
     */
    public static ChannelChoice of(MailsyncConfig config, List<String> chosen, boolean userRoutes) {
        List<ChannelConfig> channels = new ArrayList<>();
        if (chosen == null) {
            channels.addAll(config.channels().values());
        } else {
            for (String name : chosen) {
                ChannelConfig channel = config.channels().get(name);
                if (channel == null) {
                    throw new IllegalArgumentException("channel \"" + name + "\" of key channels is not in " + config.source()
                            + " (its channels: " + String.join(", ", config.channels().keySet()) + ")");
                }
                if (channel.schedule() == null && channel.push().isEmpty()) {
                    throw new IllegalArgumentException("channel \"" + name + "\" has no schedule: add one to it in "
                            + config.source() + ", e.g. \"schedule 15m\"");
                }
                channels.add(channel);
            }
        }
        Map<String, String> schedules = new LinkedHashMap<>();
        List<ChannelConfig> pushed = new ArrayList<>();
        for (ChannelConfig channel : channels) {
            if (channel.schedule() != null) {
                schedules.put(channel.name(), channel.schedule());
            }
            if (!channel.push().isEmpty()) {
                pushed.add(channel);
            }
        }
        if (schedules.isEmpty() && pushed.isEmpty() && !userRoutes) {
            throw new IllegalArgumentException("no channel of " + config.source() + " has a schedule: add one to each channel"
                    + " to run, e.g. \"schedule 15m\" or \"schedule \\\"0 0/15 * * * ?\\\"\"");
        }
        return new ChannelChoice(schedules, pushed);
    }
}
