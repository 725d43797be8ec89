package org.mailsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code mailsync --version} prints: the version of the pom this build came from, which
 * Maven writes into {@code version.properties} (a filtered resource) so that the jar and a run
 * from the class directories say the same.
 */
public final class VersionProvider implements IVersionProvider {

    /** The build's version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"mailsync " + version()};
    }
}
