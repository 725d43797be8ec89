/**
 * The one small store interface every kind of mail store implements, and its typed failures.
 */
package org.mailsync.store;
