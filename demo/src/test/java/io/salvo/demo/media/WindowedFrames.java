package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a reader that mapped its file in small windows against the same reader over one mapping
 * of the whole file: the same frames, byte for byte, each whole in its window.
 */
final class WindowedFrames {
    /**
     * What the windowed pass did: windows its frames came from, frames longer than a window, and
     * frames that begin in one of those windows but run past its end (so they came whole from
     * another window, mapped from or before their first byte).
     */
    record Stats(int windows, int largerThanWindow, int straddling) {
    }

    private WindowedFrames() {
    }

    /** Asserts that {@code windowed} are the frames of {@code whole}; returns what the windows did. */
    static Stats assertSameFrames(List<FrameSnapshots.Snapshot> whole, List<FrameSnapshots.Snapshot> windowed,
                                  int windowSize) {
        assertEquals(whole.size(), windowed.size(), "frames");
        Map<ByteBuffer, Long> windows = new IdentityHashMap<>(); // window -> file offset of its index 0
        int larger = 0;
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
            windows.put(f.buffer(), f.fileOffset() - f.offset());
            larger += f.length() > windowSize ? 1 : 0;
        }
        int straddling = 0;
        for (FrameSnapshots.Snapshot f : windowed) {
            for (Map.Entry<ByteBuffer, Long> w : windows.entrySet()) {
                long end = w.getValue() + w.getKey().capacity();
                if (w.getValue() <= f.fileOffset() && f.fileOffset() < end && f.fileOffset() + f.length() > end) {
                    straddling++;
                    break;
                }
            }
        }
        return new Stats(windows.size(), larger, straddling);
    }
}
