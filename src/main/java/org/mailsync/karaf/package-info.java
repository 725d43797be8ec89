/**
 * mailsync as an OSGi bundle in Apache Karaf (docs/KARAF.md): what {@code mailsync daemon}
 * does, in a plain {@link org.apache.camel.impl.DefaultCamelContext} (Karaf has no Camel Main),
 * configured through ConfigAdmin with the PID {@code org.mailsync} ({@code etc/org.mailsync.cfg}).
 * The {@link org.mailsync.karaf.MailsyncBundleActivator} registers a
 * {@link org.mailsync.karaf.SettingsListener} for the PID, which hands each configuration, as
 * {@link org.mailsync.karaf.KarafSettings}, to the {@link org.mailsync.karaf.DaemonSupervisor}:
 * it stops the running {@link org.mailsync.karaf.KarafDaemon} and starts one with the new
 * settings. The daemon's Camel context comes from {@link org.mailsync.karaf.DaemonContext}, its
 * route files from {@link org.mailsync.karaf.RouteFiles}, its channels from
 * {@link org.mailsync.karaf.ChannelChoice}; runs print to the log
 * ({@link org.mailsync.karaf.LogConsole}), and large messages spool into a private directory of
 * the bundle's data area ({@link org.mailsync.karaf.PrivateSpool}).
 */
package org.mailsync.karaf;
