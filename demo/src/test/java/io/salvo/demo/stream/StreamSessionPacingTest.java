package io.salvo.demo.stream;

import io.salvo.pacer.PacerConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamSessionPacingTest {
    private static final List<InetSocketAddress> TO = List.of(new InetSocketAddress("127.0.0.1", 5004));

    @Test
    void fastPlaybackIsUnpacedAndNeverDropsAFrameForItsAge() {
        PacerConfig config = StreamSession.pacerConfig(new StreamSession.Options(TO, 1, true, 1, 0, "hybrid"));

        assertTrue(config.unpaced());
        assertEquals(PacerConfig.NEVER_DROP, config.dropAfterNanos(),
                "a slow link must hold the reader back, not turn queued frames into drops");
    }

    @Test
    void realTimePlaybackKeepsTheLiveHardLimit() {
        PacerConfig byFactor = StreamSession.pacerConfig(new StreamSession.Options(TO, 1, false, 1, 0, "hybrid"));
        PacerConfig fixed = StreamSession.pacerConfig(new StreamSession.Options(TO, 1, false, 1, 5_000_000, "hybrid"));

        assertFalse(byFactor.unpaced());
        assertEquals(PacerConfig.DEFAULT_DROP_AFTER_NANOS, byFactor.dropAfterNanos());
        assertEquals(5_000_000, fixed.fixedRateBps());
        assertEquals(PacerConfig.DEFAULT_DROP_AFTER_NANOS, fixed.dropAfterNanos());
    }
}
