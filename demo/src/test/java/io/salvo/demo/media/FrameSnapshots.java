package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads every frame of a source into snapshots, for comparing with ffprobe. */
final class FrameSnapshots {
    private FrameSnapshots() {
    }

    /** A copy of {@link MediaFrame}'s fields at one {@code next()} call. */
    record Snapshot(ByteBuffer buffer, int offset, int length, long pts, long dts, boolean keyframe, long index,
                    long fileOffset) {
        /** The frame's bytes, copied. */
        byte[] bytes() {
            byte[] b = new byte[length];
            buffer.get(offset, b);
            return b;
        }
    }

    /** Every frame until the end of the file. */
    static List<Snapshot> readAll(MediaSource source) throws IOException {
        List<Snapshot> frames = new ArrayList<>();
        MediaFrame frame = new MediaFrame();
        while (source.next(frame)) {
            frames.add(new Snapshot(frame.buffer, frame.offset, frame.length, frame.pts, frame.dts, frame.keyframe,
                    frame.index, frame.fileOffset));
        }
        return frames;
    }

    /** Every frame until {@code next()} throws; the exception is added to {@code thrown}. */
    static List<Snapshot> readUntilFailure(MediaSource source, List<IOException> thrown) {
        List<Snapshot> frames = new ArrayList<>();
        MediaFrame frame = new MediaFrame();
        try {
            while (source.next(frame)) {
                frames.add(new Snapshot(frame.buffer, frame.offset, frame.length, frame.pts, frame.dts,
                        frame.keyframe, frame.index, frame.fileOffset));
            }
        } catch (IOException e) {
            thrown.add(e);
        }
        return frames;
    }
}
