/**
 * How a message is identified across stores: Message-ID, the original's md5 header hash, or a content digest.
 */
package org.mailsync.identity;
