/**
 * The sync decision as a pure function: indexes of both folders and the msinfo in, a plan of actions out (the three-way rule).
 */
package org.mailsync.sync;
