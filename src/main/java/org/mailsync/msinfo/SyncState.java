package org.mailsync.msinfo;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.mailsync.sync.RememberedFlags;

/**
 * A channel's sync state (msinfo): per boxname, the identities that were on both sides at the
 * end of the last sync of that folder pair. It is the third input of the three-way rule, so it
 * is a <em>snapshot per folder pair</em>, loaded whole and replaced whole in one transaction
 * after the pair's actions ran, never appended to message by message.
 *
 * <p>That is also why it is not Camel's {@code IdempotentRepository}: that contract answers
 * "was this key seen before?" and grows by single keys, while the planner needs the exact
 * previous set (to tell "deleted on the other side" from "new here") and an atomic swap to
 * the next one. The {@linkplain SqliteSyncStateFactory SQLite implementation} (one file per
 * channel) is the default; the config's global {@code state jdbc:postgresql://...} key selects
 * {@link org.mailsync.msinfo.pg.PostgresSyncState} (many channels and nodes in one database),
 * and an embedder may bind another {@link SyncStateFactory} in the Camel registry under the name
 * {@value SyncStateFactory#BEAN_NAME}. {@code SyncStateContract} (tests) holds every
 * implementation to the same semantics.
 */
public interface SyncState extends AutoCloseable {

    /** Where the state lives, for messages ("/home/u/.msinfo.db", "jdbc:..."). */
    String location();

    /** The boxnames of the channel that have a record. */
    Set<String> boxnames(String channel) throws MsinfoException;

    /** The identities recorded for a folder pair; empty when it has none. */
    Set<String> load(String channel, String boxname) throws MsinfoException;

    /** Replaces a folder pair's identities in one transaction. */
    void replace(String channel, String boxname, Collection<String> identities) throws MsinfoException;

    /**
     * The identities recorded for a folder pair with each one's remembered flags (flag sync);
     * {@link RememberedFlags#unknown()} where none were recorded. The default knows no flags.
     */
    default Map<String, RememberedFlags> loadWithFlags(String channel, String boxname) throws MsinfoException {
        Map<String, RememberedFlags> out = new LinkedHashMap<>();
        for (String id : load(channel, boxname)) {
            out.put(id, RememberedFlags.unknown());
        }
        return out;
    }

    /**
     * Replaces a folder pair's identities and their remembered flags in one transaction. The
     * default keeps the identities only.
     */
    default void replaceWithFlags(String channel, String boxname, Map<String, RememberedFlags> identities)
            throws MsinfoException {
        replace(channel, boxname, identities.keySet());
    }

    /** Replaces every folder pair of a channel in one transaction (an import). */
    void replaceChannel(String channel, Map<String, ? extends Collection<String>> folders) throws MsinfoException;

    /** Forgets a folder pair (its folders were removed). */
    void forget(String channel, String boxname) throws MsinfoException;

    /**
     * The index cache of a store folder: what the last sync saw there (see {@link CachedIndex}),
     * or null when nothing is kept. A hint only: the store re-validates it, so a state that keeps
     * no cache (the default) costs time, never correctness.
     *
     * @param store  the store as the channel knows it (its name and location)
     * @param folder the store's native folder name
     */
    default CachedIndex loadIndex(String store, String folder) throws MsinfoException {
        return null;
    }

    /**
     * Keeps a store folder's index cache for the next sync, replacing what was kept (in its own
     * transaction: it is a cache, not part of a folder pair's msinfo). Never called in
     * read-only runs. The default keeps nothing.
     */
    default void saveIndex(String store, String folder, CachedIndex index) throws MsinfoException {
    }

    /**
     * What a folder pair's last empty plan was made from ({@code route.SettledPairs}): a digest
     * of both folders' fingerprints, the pair's msinfo and the options, or null when the pair
     * has not settled (or nothing is kept: the default). A hint, like the index cache: a pair
     * whose inputs are the same again would plan nothing again, so the sync skips it.
     */
    default String loadSettled(String channel, String boxname) throws MsinfoException {
        return null;
    }

    /**
     * Records that a folder pair planned nothing from these inputs, or forgets it ({@code inputs}
     * null). Never called in read-only runs. The default keeps nothing.
     */
    default void saveSettled(String channel, String boxname, String inputs) throws MsinfoException {
    }

    /**
     * Records messages a sync moved to a trash (recoverable deletions), in one transaction,
     * right after they were moved. The default keeps no log: such a state cannot undo.
     */
    default void logDeletions(Collection<DeletionRecord> records) throws MsinfoException {
    }

    /**
     * The logged deletions of a channel that {@code mailsync undo} restores: those of its most
     * recent run that deleted anything ({@code since} null), or of every run that started at or
     * after {@code since}; oldest first. The default knows none.
     */
    default List<DeletionRecord> deletions(String channel, Instant since) throws MsinfoException {
        return List.of();
    }

    /** The logged deletions of a channel made by runs that started before {@code cutoff} (the retention purge). */
    default List<DeletionRecord> deletionsBefore(String channel, Instant cutoff) throws MsinfoException {
        return List.of();
    }

    /** Drops log records (their messages were restored, or purged from the trash), in one transaction. */
    default void forgetDeletions(Collection<Long> ids) throws MsinfoException {
    }

    /**
     * A cheap token that changes whenever a folder pair's msinfo is written, with its number of
     * identities, so that a settled pair can be recognised without loading its msinfo; null
     * when the state cannot tell (the default: the caller loads and digests the msinfo).
     */
    default PairVersion msinfoVersion(String channel, String boxname) throws MsinfoException {
        return null;
    }

    /**
     * The other folder pairs of a channel whose msinfo remembers any of these identities, with
     * the flags remembered there: where a message new in {@code boxname} may have been moved
     * from (move detection). The default knows of none, so a state without it never moves.
     *
     * @return by identity, each pair (other than {@code boxname}) that remembers it, by boxname
     */
    default Map<String, Map<String, RememberedFlags>> rememberedElsewhere(String channel, String boxname,
                                                                          Collection<String> identities)
            throws MsinfoException {
        return Map.of();
    }

    /** Releases the connection; never throws. */
    @Override
    void close();
}
