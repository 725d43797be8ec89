package org.mailsync.msinfo.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailsync.msinfo.SyncState;

/**
 * In a database that many nodes share, a channel is synced by one run at a time: a state opened
 * for writing holds the channel's advisory lock until it is closed (or its connection ends),
 * while other channels and read-only states go on.
 */
class PostgresChannelLockIT {

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private StateUrl url;

    @BeforeEach
    void newDatabase() throws Exception {
        url = StateUrl.of(POSTGRES.newDatabase(), null);
    }

    @Test
    void aSecondWriterOfTheChannelIsRefusedUntilTheFirstCloses() throws Exception {
        try (SyncState first = PostgresSyncState.open(url, "c", false)) {
            assertThatThrownBy(() -> PostgresSyncState.open(url, "c", false))
                    .isInstanceOf(ChannelTakenException.class)
                    .hasMessageContaining("another mailsync run is syncing this channel")
                    .hasMessageContaining("server backend pid");
            first.replace("c", "INBOX", Set.of("1"));
        }
        try (SyncState again = PostgresSyncState.open(url, "c", false)) {
            assertThat(again.load("c", "INBOX")).containsExactly("1");
        }
    }

    @Test
    void otherChannelsAndReadersAreNotHeldUp() throws Exception {
        try (SyncState c = PostgresSyncState.open(url, "c", false);
             SyncState d = PostgresSyncState.open(url, "d", false);
             SyncState reader = PostgresSyncState.open(url, "c", true)) {
            c.replace("c", "INBOX", Set.of("1"));
            d.replace("d", "INBOX", Set.of("2"));
            assertThat(reader.load("c", "INBOX")).containsExactly("1");
        }
    }

    @Test
    void theIndexCacheAndSettledPairsAreTheChannelsOwn() throws Exception {
        org.mailsync.msinfo.CachedIndex index = new org.mailsync.msinfo.CachedIndex(
                new org.mailsync.store.FolderSnapshot("v", java.util.List.of()), java.util.Map.of());
        try (SyncState c = PostgresSyncState.open(url, "c", false)) {
            c.saveIndex("shared store", "INBOX", index);
            c.saveSettled("c", "INBOX", "inputs");
        }
        try (SyncState d = PostgresSyncState.open(url, "d", false)) {
            assertThat(d.loadIndex("shared store", "INBOX")).as("same store and folder, other channel").isNull();
            assertThat(d.loadSettled("d", "INBOX")).isNull();
        }
        try (SyncState c = PostgresSyncState.open(url, "c", true)) {
            assertThat(c.loadIndex("shared store", "INBOX")).isEqualTo(index);
            assertThat(c.loadSettled("c", "INBOX")).isEqualTo("inputs");
        }
    }

    @Test
    void anUnreachableServerIsOneErrorNamingTheUrlWithoutItsPassword() throws Exception {
        StateUrl nowhere = StateUrl.of("jdbc:postgresql://127.0.0.1:1/mailsync?user=u&password=s3cret", null);
        assertThatThrownBy(() -> PostgresSyncState.open(nowhere, "c", true))
                .isInstanceOf(org.mailsync.msinfo.MsinfoException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/mailsync?user=u")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> PostgresSyncState.open(nowhere, "c", false))
                .isInstanceOf(org.mailsync.msinfo.MsinfoException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("s3cret");
    }
}
