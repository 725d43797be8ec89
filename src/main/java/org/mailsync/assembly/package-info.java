/**
 * Wiring: turns a config and a request into opened things — stores ({@link org.mailsync.assembly.StoreFactory}), the channel lock, the state and the legacy import ({@link org.mailsync.assembly.ChannelOpener}) — for the {@code mailsync:} endpoint; and a sync's connections ({@link org.mailsync.assembly.ChannelConnections}): the stores its folder pairs lease, an IMAP connection per pair and side from a pool per server ({@link org.mailsync.assembly.ConnectionPool}), at most {@code maxconnections} of them; and what a client that runs a channel again and again keeps between its runs: the IMAP connections ({@link org.mailsync.assembly.KeptConnections}) and the parsed config.
 */
package org.mailsync.assembly;
