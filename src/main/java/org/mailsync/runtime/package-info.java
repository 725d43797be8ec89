/**
 * The route set in Camel Main for one-shot runs of the CLI.
 */
package org.mailsync.runtime;
