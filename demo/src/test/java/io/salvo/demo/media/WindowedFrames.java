package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a reader that mapped its file in small windows against the same reader over one mapping
 * of the whole file: the same frames, byte for byte, each whole in its window.
 */
final class WindowedFrames {
    /**
     * What the windowed pass did: windows its frames came from, frames longer than a window,
     * and frames that began in the previous frame's window but ran past its end (so a new window
     * was mapped from, or before, their first byte).
     */
    record Stats(int windows, int largerThanWindow, int straddling) {
    }

    private WindowedFrames() {
    }

    /** Asserts that {@code windowed} are the frames of {@code whole}; returns what the windows did. */
    static Stats assertSameFrames(List<FrameSnapshots.Snapshot> whole, List<FrameSnapshots.Snapshot> windowed,
                                  int windowSize) {
        assertEquals(whole.size(), windowed.size(), "frames");
        Map<Object, Boolean> windows = new IdentityHashMap<>();
        int larger = 0;
        int straddling = 0;
        FrameSnapshots.Snapshot previous = null;
        for (int i = 0; i < whole.size(); i++) {
            FrameSnapshots.Snapshot w = whole.get(i);
            FrameSnapshots.Snapshot f = windowed.get(i);
            String at = "frame " + i + " at byte " + w.fileOffset() + " (" + w.length() + " bytes)";
            assertEquals(w.fileOffset(), f.fileOffset(), "file offset of " + at);
            assertEquals(w.length(), f.length(), "length of " + at);
            assertEquals(w.pts(), f.pts(), "pts of " + at);
            assertEquals(w.dts(), f.dts(), "dts of " + at);
            assertEquals(w.keyframe(), f.keyframe(), "key flag of " + at);
            assertEquals(w.index(), f.index(), "index of " + at);
            assertTrue(f.buffer().isDirect(), "a view of a mapping: " + at);
            assertTrue(f.offset() >= 0 && (long) f.offset() + f.length() <= f.buffer().capacity(),
                    at + " lies whole in its window of " + f.buffer().capacity() + " bytes");
            assertArrayEquals(w.bytes(), f.bytes(), "bytes of " + at);
            windows.put(f.buffer(), true);
            larger += f.length() > windowSize ? 1 : 0;
            if (previous != null && previous.buffer() != f.buffer()) {
                long previousEnd = previous.fileOffset() - previous.offset() + previous.buffer().capacity();
                straddling += f.fileOffset() < previousEnd && f.fileOffset() + f.length() > previousEnd ? 1 : 0;
            }
            previous = f;
        }
        return new Stats(windows.size(), larger, straddling);
    }
}
