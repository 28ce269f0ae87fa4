package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A file read frame by frame, in decode order, over {@code FileChannel.map}: frames are views of
 * the mapping, nothing is copied from disk to socket.
 */
public interface MediaSource extends AutoCloseable {
    /** The file. */
    Path path();

    /** The codec of the frames. */
    Codec codec();

    /** Units per second of {@link MediaFrame#pts} and {@link MediaFrame#dts}. */
    long timescale();

    /**
     * Length of the big-endian NAL length prefixes in H.264/H.265 frames (1, 2 or 4, from
     * avcC/hvcC), or 0 when frames are Annex B with start codes. 0 for other codecs.
     */
    default int nalLengthSize() {
        return 0;
    }

    /**
     * The codec's out-of-band configuration: the avcC or hvcC record or the AAC
     * AudioSpecificConfig (MP4), the OpusHead packet (Ogg), or null when there is none (Annex B and IVF carry it in-band).
     */
    default ByteBuffer codecConfig() {
        return null;
    }

    /**
     * The RTP clock rate of the frames: the codec's ({@link Codec#clockRate()}), or for AAC the
     * audio's sampling frequency.
     */
    default int clockRate() {
        return codec().clockRate();
    }

    /** Audio channels where the file says (OpusHead, the AAC configuration), else 0. */
    default int channels() {
        return 0;
    }

    /**
     * The mean bit rate of the frames over the whole file, bits/s, where the file tells it without
     * being read through (an MP4's sample tables); 0 when unknown. A transmitter paces such a
     * stream at its factor of this rate from the first byte.
     */
    default long meanBitrate() {
        return 0;
    }

    /** Width and height in pixels where the file says (IVF header, MP4 sample entry), else 0. */
    default int width() {
        return 0;
    }

    /** See {@link #width()}. */
    default int height() {
        return 0;
    }

    /**
     * Reads the next frame into {@code frame}.
     *
     * @return false at the end of the file
     * @throws TruncatedMediaException when the file ends inside a frame, after every complete frame
     *                                 has been returned
     * @throws MediaFormatException    when the data is malformed, naming the file and offset
     */
    boolean next(MediaFrame frame) throws IOException;

    /** Goes back to the first frame (for looping). */
    void rewind() throws IOException;

    /** Unmaps nothing explicitly (the JDK unmaps on GC) but closes the file; idempotent. */
    @Override
    void close() throws IOException;
}
