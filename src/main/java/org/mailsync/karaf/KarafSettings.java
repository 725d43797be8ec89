package org.mailsync.karaf;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;

/**
 * The configuration of PID {@code org.mailsync} ({@code etc/org.mailsync.cfg}), paths made
 * absolute: a leading {@code ~/} is the home directory of the user Karaf runs as, and any other
 * relative {@code config} is relative to it; relative {@code routes} and {@code runlog} are
 * relative to {@code home}.
 *
 * @param config   key {@code config}: the mailsync config file (like {@code ~/.mailsync}); required
 * @param home     key {@code home}: the directory relative paths of the config resolve against;
 *                 default the config file's directory
 * @param routes   key {@code routes}: a directory whose {@code *.camel.yaml} files run beside the
 *                 built-in route set (one named like a built-in file replaces it), or null
 * @param channels key {@code channels}: the channels to run, comma-separated; null (key absent)
 *                 for every channel that has a {@code schedule} or {@code push}
 * @param runLog   key {@code runlog}: the JSON-lines run log; default {@code .mailsync-runs.jsonl}
 *                 in {@code home}, as for {@code mailsync daemon}
 */
public record KarafSettings(Path config, Path home, Path routes, List<String> channels, Path runLog) {

    /** The configuration's PID. */
    public static final String PID = "org.mailsync";

    /** The run log's name in {@code home} when {@code runlog} is not set. */
    static final String DEFAULT_RUN_LOG = ".mailsync-runs.jsonl";

    /**
     * The settings of a configuration's properties.
     *
     * @throws IllegalArgumentException naming the key, when {@code config} is missing
     */
    public static KarafSettings of(Dictionary<String, ?> properties) {
        String config = value(properties, "config");
        if (config == null) {
            throw new IllegalArgumentException("key \"config\" of " + PID
                    + " is missing: set it to the mailsync config file, e.g. config = ~/.mailsync");
        }
        Path userHome = Path.of(System.getProperty("user.home"));
        Path configFile = resolve(userHome, config);
        String homeValue = value(properties, "home");
        Path home = homeValue == null ? configFile.getParent() : resolve(userHome, homeValue);
        String routes = value(properties, "routes");
        String runLog = value(properties, "runlog");
        return new KarafSettings(configFile, home,
                routes == null ? null : resolve(home, routes),
                channels(value(properties, "channels")),
                resolve(home, runLog == null ? DEFAULT_RUN_LOG : runLog));
    }

    private static List<String> channels(String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(name -> !name.isEmpty()).toList();
    }

    /** A key's value, trimmed; null when absent or blank. */
    private static String value(Dictionary<String, ?> properties, String key) {
        Object value = properties.get(key);
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        return text.isEmpty() ? null : text;
    }

    private static Path resolve(Path base, String path) {
        Path userHome = Path.of(System.getProperty("user.home"));
        if (path.equals("~")) {
            return userHome;
        }
        if (path.startsWith("~/")) {
            return userHome.resolve(path.substring(2)).normalize();
        }
        return base.resolve(path).toAbsolutePath().normalize();
    }
}
