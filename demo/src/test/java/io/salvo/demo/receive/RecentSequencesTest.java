package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentSequencesTest {
    private final RecentSequences recent = new RecentSequences();

    @Test
    void shouldTellADuplicateFromANewNumber() {
        assertTrue(recent.add(100));
        assertTrue(recent.add(101));
        assertFalse(recent.add(100));
        assertFalse(recent.add(101));
        assertTrue(recent.add(99));
        assertFalse(recent.add(99));
    }

    @Test
    void shouldRecogniseADuplicateAtTheOldEdgeOfTheWindow() {
        recent.add(0);
        recent.add(RecentSequences.WINDOW - 1);

        assertFalse(recent.add(0));
    }

    @Test
    void shouldTreatANumberBehindTheWindowAsNew() {
        recent.add(0);
        recent.add(RecentSequences.WINDOW);

        assertTrue(recent.add(0), "0 is WINDOW behind the highest: too old to tell");
    }

    @Test
    void shouldClearTheSlotsAGapSkipsSoTheyAreNotTakenForDuplicates() {
        for (int sequence = 0; sequence < RecentSequences.WINDOW; sequence++) {
            recent.add(sequence);
        }
        recent.add(RecentSequences.WINDOW + 6); // skips WINDOW..WINDOW+5, whose slots held 0..5

        assertTrue(recent.add(RecentSequences.WINDOW + 1), "slot of 1 reused by WINDOW+1");
        assertFalse(recent.add(RecentSequences.WINDOW + 1));
        assertFalse(recent.add(RecentSequences.WINDOW + 6));
        assertFalse(recent.add(RecentSequences.WINDOW - 1), "still inside the window");
    }

    @Test
    void shouldForgetEverythingAfterAJumpLongerThanTheWindow() {
        recent.add(5);
        recent.add(5 + 3L * RecentSequences.WINDOW);

        assertTrue(recent.add(5 + 2L * RecentSequences.WINDOW + 1));
    }

    @Test
    void shouldHandleNegativeExtendedNumbers() {
        assertTrue(recent.add(0));
        assertTrue(recent.add(-1));
        assertFalse(recent.add(-1));
        assertTrue(recent.add(-2));
    }
}
