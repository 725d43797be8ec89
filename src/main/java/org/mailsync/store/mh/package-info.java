/**
 * MH folders: numbered files and .mh_sequences.
 */
package org.mailsync.store.mh;
