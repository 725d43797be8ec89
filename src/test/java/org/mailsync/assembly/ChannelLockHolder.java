package org.mailsync.assembly;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second mailsync process for {@link ChannelLockNamesItsHolderTest}: {@code hold MSINFO} takes
 * the channel lock, prints {@code held} and keeps it until its input ends (or it is killed);
 * {@code try MSINFO} prints {@code acquired} or {@code busy: <message>}.
 */
public final class ChannelLockHolder {

    private ChannelLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        Path msinfo = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (ChannelLock lock = ChannelLock.acquire(msinfo)) {
                System.out.println("held");
                System.out.flush();
                System.in.read();
            }
            return;
        }
        try (ChannelLock lock = ChannelLock.acquire(msinfo)) {
            System.out.println("acquired");
        } catch (ChannelBusyException e) {
            System.out.println("busy: " + e.getMessage());
        }
    }
}
