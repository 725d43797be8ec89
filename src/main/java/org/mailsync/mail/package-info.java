/**
 * Reading RFC 5322 header blocks without a full MIME parse.
 */
package org.mailsync.mail;
