/**
 * MH folders: numbered files and .mh_sequences, whose sequences hold the flags and the keywords.
 */
package org.mailsync.store.mh;
