/**
 * The config file: the original's {@code ~/.mailsync} syntax and a YAML alternative, read into the same checked records of stores and channels.
 */
package org.mailsync.config;
