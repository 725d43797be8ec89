package org.mailsync.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * A run's turns over its folder pairs: handed out in folder order, never more than
 * {@code parallel} in flight, and a folder's pair never while the pair of a folder above it is.
 */
class FolderPairTurnsTest {

    private static FolderPair pair(String boxname) {
        return new FolderPair(boxname, boxname, boxname, true, true);
    }

    private static List<FolderPair> pairs(String... boxnames) {
        List<FolderPair> pairs = new ArrayList<>();
        for (String box : boxnames) {
            pairs.add(pair(box));
        }
        return pairs;
    }

    /** The next pair, or null when next() is still waiting after a moment. */
    private static FolderPair nextWithin(FolderPairTurns.Turns turns, long millis) throws Exception {
        CompletableFuture<FolderPair> next = CompletableFuture.supplyAsync(turns::next);
        try {
            return next.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    @Test
    void pairsComeInFolderOrderAndNeverMoreThanParallel() throws Exception {
        List<FolderPair> all = pairs("a", "b", "c", "d");
        FolderPairTurns.Turns turns = new FolderPairTurns.Turns(all, 2);

        assertThat(turns.next()).isSameAs(all.get(0));
        assertThat(turns.next()).isSameAs(all.get(1));
        CompletableFuture<FolderPair> third = CompletableFuture.supplyAsync(turns::next);
        Thread.sleep(200);
        assertThat(third).as("a third pair while two are in flight").isNotDone();

        turns.done(all.get(1)); // b ends before a: c may begin
        assertThat(third.get(5, TimeUnit.SECONDS)).isSameAs(all.get(2));
        assertThat(turns.inFlight()).isEqualTo(2);
        turns.done(all.get(0));
        assertThat(turns.next()).isSameAs(all.get(3));
        assertThat(turns.hasNext()).isFalse();
        assertThat(turns.mostInFlight()).isEqualTo(2);
        assertThat(List.of(0, 1, 2, 3)).containsExactly(turns.position(all.get(0)), turns.position(all.get(1)),
                turns.position(all.get(2)), turns.position(all.get(3)));
    }

    @Test
    void aFoldersPairWaitsForThePairOfTheFolderAboveIt() throws Exception {
        List<FolderPair> all = pairs("work", "work/projects", "work/projects/x", "zeta");
        FolderPairTurns.Turns turns = new FolderPairTurns.Turns(all, 4);

        assertThat(turns.next()).isSameAs(all.get(0));
        CompletableFuture<FolderPair> child = CompletableFuture.supplyAsync(turns::next);
        Thread.sleep(200);
        assertThat(child).as("work/projects while work is in flight").isNotDone();

        turns.done(all.get(0));
        assertThat(child.get(5, TimeUnit.SECONDS)).isSameAs(all.get(1));
        CompletableFuture<FolderPair> grandchild = CompletableFuture.supplyAsync(turns::next);
        Thread.sleep(200);
        assertThat(grandchild).as("work/projects/x while work/projects is in flight").isNotDone();

        turns.done(all.get(1));
        assertThat(grandchild.get(5, TimeUnit.SECONDS)).isSameAs(all.get(2));
        assertThat(nextWithin(turns, 5000)).as("zeta, beside work/projects/x").isSameAs(all.get(3));
        assertThat(turns.hasNext()).isFalse();
    }

    @Test
    void siblingsAndNamesThatOnlyStartAlikeRunSideBySide() throws Exception {
        List<FolderPair> all = pairs("work", "work-old", "workshop", "zeta/a", "zeta/b");
        FolderPairTurns.Turns turns = new FolderPairTurns.Turns(all, 8);

        for (FolderPair expected : all) {
            assertThat(nextWithin(turns, 5000)).isSameAs(expected);
        }
        assertThat(turns.mostInFlight()).isEqualTo(5);
    }
}
