/**
 * {@code mailsync daemon}: every scheduled channel as a {@code mailsync:} consumer route in one
 * Camel Main, with graceful stop, a run log, readiness and Micrometer metrics.
 */
package org.mailsync.daemon;
