package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The back-off of {@link GsoRetry} on a clock the test moves. */
class GsoRetryTest {
    private static final long MS = 1_000_000L;
    private static final long START = Long.MAX_VALUE - 5 * MS; // the clock wraps around meanwhile

    @Test
    void shouldBeOnUntilARefusalAndDueOnceTheBackOffHasPassed() {
        GsoRetry retry = new GsoRetry(50 * MS);
        assertFalse(retry.off());
        assertFalse(retry.due(START), "never refused");

        retry.refused(START);

        assertTrue(retry.off());
        assertEquals(50 * MS, retry.backoffNanos());
        assertFalse(retry.due(START + 50 * MS - 1));
        assertTrue(retry.due(START + 50 * MS));
        assertFalse(retry.off());
        assertFalse(retry.due(START + 60 * MS), "due once per refusal");
    }

    @Test
    void shouldDoubleTheBackOffWhileRetriesAreRefusedUpToTheCap() {
        GsoRetry retry = new GsoRetry(SenderOptions.DEFAULT_GSO_RETRY_AFTER.toNanos());
        long now = START;
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 64, 64};
        for (long seconds : expected) {
            retry.refused(now);
            assertEquals(seconds * 1000 * MS, retry.backoffNanos());
            now += retry.backoffNanos();
            assertTrue(retry.due(now));
        }
        assertEquals(GsoRetry.MAX_BACKOFF_NANOS, retry.backoffNanos());
    }

    @Test
    void shouldStartAgainFromTheInitialBackOffAfterARetryWorked() {
        GsoRetry retry = new GsoRetry(50 * MS);
        retry.refused(START);
        assertTrue(retry.due(START + 50 * MS));
        retry.refused(START + 51 * MS);
        assertEquals(100 * MS, retry.backoffNanos());
        assertTrue(retry.due(START + 151 * MS));

        retry.accepted();
        retry.refused(START + 500 * MS);

        assertEquals(50 * MS, retry.backoffNanos());
    }

    @Test
    void shouldKeepDoublingWhenARetryCallSentNoRunBeforeTheNextRefusal() {
        GsoRetry retry = new GsoRetry(50 * MS);
        retry.refused(START);
        assertTrue(retry.due(START + 50 * MS));
        // a send of plain datagrams only confirms nothing; accepted() is called for runs alone

        retry.refused(START + 80 * MS);

        assertEquals(100 * MS, retry.backoffNanos());
    }

    @Test
    void shouldRejectABackOffOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GsoRetry(0));
        assertEquals("GSO retry back-off must be > 0 and at most 64000000000 ns, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GsoRetry(GsoRetry.MAX_BACKOFF_NANOS + 1));
    }
}
