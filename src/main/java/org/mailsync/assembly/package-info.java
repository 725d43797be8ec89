/**
 * Wiring: turns a config and a request into opened things — stores ({@link org.mailsync.assembly.StoreFactory}), the channel lock, the state and the legacy import ({@link org.mailsync.assembly.ChannelOpener}) — for the {@code mailsync:} endpoint.
 */
package org.mailsync.assembly;
