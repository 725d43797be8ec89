package org.mailsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.mailsync.store.Flag;
import org.mailsync.store.MessageMeta;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of three-way flag sync over random folder pairs: random flags and keywords (in
 * clashing cases) on both sides, random remembered bases (some unknown), duplicates, messages
 * without identity, pairs never synced before.
 */
class FlagSyncProperties {

    private static final List<String> IDS = List.of("<1@x>", "<2@x>", "<3@x>", "<4@x>", "<5@x>");
    private static final List<Flag> FLAGS = List.of(Flag.SEEN, Flag.ANSWERED, Flag.FLAGGED, Flag.DRAFT, Flag.DELETED);
    private static final List<String> KEYWORDS = List.of("$Work", "$WORK", "$Junk", "Later");

    /** One random flag sync situation. */
    record Scenario(InMemoryPair pair, Map<String, RememberedFlags> msinfo, SyncOptions options) {
        SyncPlan plan() {
            return pair.plan(msinfo, options);
        }
    }

    @Property(tries = 400)
    void aSecondPlanChangesNoFlags(@ForAll("scenarios") Scenario s) {
        SyncPlan plan = s.plan();
        InMemoryPair.Applied after = s.pair().apply(plan);
        Map<String, RememberedFlags> next = plan.skipped() ? s.msinfo() : after.msinfoWithFlags(plan);
        SyncPlan second = after.pair().plan(next, s.options());
        assertThat(second.actionsOf(ActionType.SET_FLAGS)).as("second plan %s", second.actions()).isEmpty();
    }

    @Property(tries = 400)
    void flagsChangedOnKnownBasesConverge(@ForAll("edits") Scenario s) {
        InMemoryPair after = s.pair().apply(s.plan()).pair();
        for (String id : IDS) {
            IndexedMessage a = first(after.a(), id);
            IndexedMessage b = first(after.b(), id);
            if (a != null && b != null) {
                assertThat(FlagState.of(a.meta()).sameAs(FlagState.of(b.meta())))
                        .as("%s: %s vs %s", id, a.meta(), b.meta()).isTrue();
            }
        }
    }

    @Property(tries = 400)
    void flagChangesNeverCopyOrDelete(@ForAll("scenarios") Scenario s) {
        SyncPlan withFlags = s.plan();
        SyncPlan withoutFlags = s.pair().plan(s.msinfo().keySet(), s.options());
        SyncPlan flagsOff = s.pair().plan(s.msinfo(), s.options().withSyncFlags(false));
        List<SyncAction> others = withFlags.actions().stream().filter(a -> a.type() != ActionType.SET_FLAGS).toList();
        assertThat(others).isEqualTo(withoutFlags.actions()).isEqualTo(flagsOff.actions());
        assertThat(flagsOff.actionsOf(ActionType.SET_FLAGS)).isEmpty();
        assertThat(flagsOff.msinfoBase()).isEqualTo(withFlags.msinfoBase());
        for (SyncAction set : withFlags.actionsOf(ActionType.SET_FLAGS)) {
            assertThat(s.msinfo()).containsKey(set.identity());
            assertThat(set.message()).isSameAs(first(s.pair().side(set.side()), set.identity()));
            assertThat(set.change().add()).doesNotContain(Flag.DELETED);
            assertThat(set.change().remove()).doesNotContain(Flag.DELETED);
        }
    }

    @Property(tries = 300)
    void planningIsDeterministic(@ForAll("scenarios") Scenario s) {
        Map<String, RememberedFlags> reordered = new LinkedHashMap<>();
        new TreeMap<>(s.msinfo()).descendingMap().forEach(reordered::put);
        assertThat(s.pair().plan(reordered, s.options())).isEqualTo(s.plan()).isEqualTo(s.plan());
    }

    @Property(tries = 300)
    void everyIdentityMsinfoKeepsHasRememberedFlags(@ForAll("scenarios") Scenario s) {
        SyncPlan plan = s.plan();
        if (plan.skipped()) {
            return;
        }
        plan.msinfoBase().forEach(id -> assertThat(plan.rememberedFlags()).containsKey(id));
        plan.actionsOf(ActionType.COPY).forEach(c -> assertThat(plan.rememberedFlags()).containsKey(c.identity()));
    }

    private static IndexedMessage first(List<IndexedMessage> messages, String id) {
        return messages == null ? null : messages.stream().filter(m -> id.equals(m.identity())).findFirst().orElse(null);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Map<String, RememberedFlags>> msinfo = Arbitraries.maps(Arbitraries.of(IDS),
                Combinators.combine(state().injectNull(0.3), state().injectNull(0.3)).as(RememberedFlags::new))
                .ofMaxSize(IDS.size());
        Arbitrary<SyncOptions> options = Arbitraries.of(SyncOptions.defaults(), SyncOptions.defaults(),
                SyncOptions.defaults().withSyncFlags(false), new SyncOptions(true, false, false, 0, false));
        return Combinators.combine(side("A"), side("B"), msinfo, options)
                .as((a, b, m, o) -> new Scenario(new InMemoryPair(a, b), m, o));
    }

    /**
     * Pairs synced before, each message's flags then equal on both sides and remembered so,
     * each side edited since.
     */
    @Provide
    Arbitrary<Scenario> edits() {
        Arbitrary<Map<String, FlagState>> synced = Arbitraries.maps(Arbitraries.of(IDS), state()).ofMinSize(1)
                .ofMaxSize(IDS.size());
        return synced.flatMap(base -> Combinators.combine(edited(base, "A"), edited(base, "B")).as((a, b) -> {
            Map<String, RememberedFlags> msinfo = new HashMap<>();
            base.forEach((id, f) -> msinfo.put(id, new RememberedFlags(f, f)));
            return new Scenario(new InMemoryPair(a, b), msinfo, SyncOptions.defaults());
        }));
    }

    private static Arbitrary<List<IndexedMessage>> edited(Map<String, FlagState> base, String prefix) {
        List<String> ids = new ArrayList<>(new TreeMap<>(base).keySet());
        return state().list().ofSize(ids.size()).flatMap(changed -> Arbitraries.of(true, false).list().ofSize(ids.size())
                .map(edits -> {
                    List<IndexedMessage> messages = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        FlagState f = edits.get(i) ? changed.get(i) : base.get(ids.get(i));
                        messages.add(message(prefix + i, ids.get(i), f.flags(), f.keywords()));
                    }
                    return messages;
                }));
    }

    private static Arbitrary<FlagState> state() {
        return Combinators.combine(Arbitraries.of(FLAGS).set(), Arbitraries.of(KEYWORDS).set().ofMaxSize(2))
                .as(FlagState::new);
    }

    private static Arbitrary<List<IndexedMessage>> side(String prefix) {
        Arbitrary<IndexedMessage> message = Combinators.combine(Arbitraries.of(IDS).injectNull(0.1),
                Arbitraries.of(FLAGS).set(), Arbitraries.of(KEYWORDS).set().ofMaxSize(2), Arbitraries.of("d1", "d2"))
                .as((id, flags, keywords, digest) -> new IndexedMessage(id,
                        new MessageMeta("k", 100, flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags), null, null, keywords),
                        digest));
        return message.list().ofMaxSize(7).map(list -> {
            List<IndexedMessage> keyed = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                IndexedMessage m = list.get(i);
                MessageMeta meta = m.meta();
                keyed.add(new IndexedMessage(m.identity(), new MessageMeta(prefix + i, meta.size(), meta.flags(), null, null,
                        meta.keywords()), m.contentDigest()));
            }
            return keyed;
        }).injectNull(0.1);
    }

    private static IndexedMessage message(String key, String id, Set<Flag> flags, Set<String> keywords) {
        return new IndexedMessage(id, new MessageMeta(key, 100, flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags), null,
                null, keywords), "d-" + id);
    }
}
