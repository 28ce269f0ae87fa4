package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderStatsTest {
    @Test
    void shouldAddUpPerSyscallUpdates() {
        SenderStats stats = new SenderStats();

        stats.sent(1, 48, 57_600);
        stats.sent(1, 10, 12_000);
        stats.heapCopies(2, 300);
        stats.wouldBlock();
        stats.partialSend();

        assertEquals(2, stats.syscalls());
        assertEquals(58, stats.datagrams());
        assertEquals(69_600, stats.bytes());
        assertEquals(2, stats.heapCopies());
        assertEquals(300, stats.heapCopyBytes());
        assertEquals(1, stats.wouldBlocks());
        assertEquals(1, stats.partialSends());
    }

    @Test
    void shouldAddUpGsoRunsSegmentsFallbacksAndRetries() {
        SenderStats stats = new SenderStats();

        stats.gso(2, 100);
        stats.gso(0, 0);
        stats.gso(1, 3);
        stats.gsoFallback();
        stats.gsoRetry();
        stats.gsoFallback();

        assertEquals(3, stats.gsoRuns());
        assertEquals(103, stats.gsoSegments());
        assertEquals(2, stats.gsoFallbacks());
        assertEquals(1, stats.gsoRetries());
        assertEquals(0, stats.errors());
    }

    @Test
    void shouldCountErrorsByErrnoName() {
        SenderStats stats = new SenderStats();

        stats.error(Errno.EMSGSIZE);
        stats.error(Errno.EMSGSIZE);
        stats.error(Errno.ECONNREFUSED);
        stats.error(999);

        assertEquals(4, stats.errors());
        assertEquals(2, stats.errors(Errno.EMSGSIZE));
        assertEquals(Map.of("EMSGSIZE", 2L, "ECONNREFUSED", 1L, "unknown", 1L), stats.errorsByErrno());
    }
}
