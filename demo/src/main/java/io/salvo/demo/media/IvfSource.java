package io.salvo.demo.media;

import io.salvo.packetizer.Av1Packetizer;
import io.salvo.packetizer.Vp8Packetizer;
import io.salvo.packetizer.Vp9Packetizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads VP8, VP9 and AV1 frames from an IVF file of any size over read-only mappings of it in
 * windows ({@link WindowedMediaFile}, 1 GiB each by default); each frame is a view of the window
 * holding it with its frame header (a frame across a window's end gets a window that starts at its
 * header). All fields little-endian:
 * <pre>
 *  file header (32 bytes)                     frame header (12 bytes), then the frame
 *   0  'DKIF'                                  0  frame size (u32)
 *   4  version (u16) = 0                       4  pts (u64), in scale/rate seconds
 *   6  header size (u16) = 32
 *   8  fourcc: VP80 | VP90 | AV01
 *  12  width (u16), 14 height (u16)
 *  16  rate = timebase denominator (u32)
 *  20  scale = timebase numerator (u32)
 *  24  frame count (u32, not trusted)
 *  28  unused
 * </pre>
 * {@link #timescale()} is {@code rate} and each frame's pts is the IVF pts times {@code scale}, so
 * {@code pts / timescale} is the frame time in seconds exactly. Key frames are read from the
 * bitstream (the key frame probes of {@link Vp8Packetizer}, {@link Vp9Packetizer}, {@link Av1Packetizer}).
 *
 * <p>{@link MediaFrame#fileOffset} is the frame's first byte in the file, after its frame header
 * ({@link MediaFrame#offset} is the same byte in the window; equal for a file no larger than a
 * window, which is mapped whole); error messages name the frame header's offset.
 *
 * <p>A frame size above {@link #MAX_FRAME_SIZE} is an impossible frame size; one that runs past
 * the end of the file is truncation, reported after every complete frame.
 */
public final class IvfSource implements MediaSource {
    /** Bytes of the file header. */
    public static final int HEADER_LENGTH = 32;
    /** Bytes of each frame header. */
    public static final int FRAME_HEADER_LENGTH = 12;
    /** Largest frame size believed (256 MiB); above it the size field is garbage. */
    public static final int MAX_FRAME_SIZE = 256 << 20;
    private static final String SIGNATURE = "DKIF";
    private static final int VERSION_OFFSET = 4;
    private static final int HEADER_SIZE_OFFSET = 6;
    private static final int FOURCC_OFFSET = 8;
    private static final int WIDTH_OFFSET = 12;
    private static final int HEIGHT_OFFSET = 14;
    private static final int RATE_OFFSET = 16;
    private static final int SCALE_OFFSET = 20;
    private static final int FRAME_COUNT_OFFSET = 24;

    private final WindowedMediaFile file;
    private final Codec codec;
    private final int width;
    private final int height;
    private final long rate;
    private final long scale;
    private final long declaredFrameCount;
    /** File offset of the next frame header. */
    private long position = HEADER_LENGTH;
    private long frameIndex;

    /** Opens {@code path}, maps its first window and checks its header. */
    public IvfSource(Path path) throws IOException {
        this(path, WindowedMediaFile.DEFAULT_WINDOW);
    }

    /** Opens {@code path} to be mapped in windows of {@code windowSize} bytes (tests use small ones). */
    IvfSource(Path path, int windowSize) throws IOException {
        file = new WindowedMediaFile(path, windowSize);
        try {
            // the first window, from byte 0: the whole file when it is shorter than the header
            ByteBuffer map = file.window(0, Math.min(HEADER_LENGTH, file.size())).buffer();
            checkHeader(path, map);
            codec = codecOf(path, map);
            width = LittleEndian.u16(map, WIDTH_OFFSET);
            height = LittleEndian.u16(map, HEIGHT_OFFSET);
            rate = LittleEndian.u32(map, RATE_OFFSET);
            scale = LittleEndian.u32(map, SCALE_OFFSET);
            declaredFrameCount = LittleEndian.u32(map, FRAME_COUNT_OFFSET);
            if (rate == 0 || scale == 0) {
                throw new MediaFormatException(path, RATE_OFFSET,
                        "impossible IVF timebase: rate " + rate + ", scale " + scale);
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Whether {@code head} (from its position) starts like an IVF file: {@code DKIF}. */
    public static boolean probe(ByteBuffer head) {
        return MappedMediaFile.startsWith(head, SIGNATURE);
    }

    /** Checks the header in {@code map}, the first window (at least the header, or the whole file). */
    private static void checkHeader(Path path, ByteBuffer map) throws MediaFormatException {
        int size = map.capacity();
        boolean signatureMatches = true;
        for (int i = 0; i < Math.min(size, SIGNATURE.length()); i++) {
            signatureMatches &= map.get(i) == (byte) SIGNATURE.charAt(i);
        }
        if (!signatureMatches || size == 0) {
            throw new MediaFormatException(path, 0, "not an IVF file: signature is '"
                    + MappedMediaFile.printable(map, 0, SIGNATURE.length()) + "', expected '" + SIGNATURE + "'");
        }
        if (size < HEADER_LENGTH) {
            throw new TruncatedMediaException(path, 0, "IVF header needs " + HEADER_LENGTH
                    + " bytes but the file has only " + size);
        }
        int version = LittleEndian.u16(map, VERSION_OFFSET);
        if (version != 0) {
            throw new MediaFormatException(path, VERSION_OFFSET, "unsupported IVF version " + version + ", expected 0");
        }
        int headerSize = LittleEndian.u16(map, HEADER_SIZE_OFFSET);
        if (headerSize != HEADER_LENGTH) {
            throw new MediaFormatException(path, HEADER_SIZE_OFFSET,
                    "IVF header size is " + headerSize + ", expected " + HEADER_LENGTH);
        }
    }

    private static Codec codecOf(Path path, ByteBuffer map) throws MediaFormatException {
        String fourcc = MappedMediaFile.printable(map, FOURCC_OFFSET, 4);
        switch (fourcc) {
            case "VP80":
                return Codec.VP8;
            case "VP90":
                return Codec.VP9;
            case "AV01":
                return Codec.AV1;
            default:
                throw new MediaFormatException(path, FOURCC_OFFSET,
                        "unknown IVF fourcc '" + fourcc + "', expected VP80, VP90 or AV01");
        }
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public Codec codec() {
        return codec;
    }

    /** The header's rate (timebase denominator). */
    @Override
    public long timescale() {
        return rate;
    }

    /** The header's scale (timebase numerator): IVF pts units are {@code scale / rate} seconds. */
    public long scale() {
        return scale;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The frame count the header declares; writers often leave it wrong, so the reader ignores it. */
    public long declaredFrameCount() {
        return declaredFrameCount;
    }

    @Override
    public boolean next(MediaFrame frame) throws IOException {
        file.checkOpen();
        long size = file.size();
        if (position == size) {
            return false;
        }
        Path path = file.path();
        long remaining = size - position;
        if (remaining < FRAME_HEADER_LENGTH) {
            throw new TruncatedMediaException(path, position, "frame " + frameIndex + " header needs "
                    + FRAME_HEADER_LENGTH + " bytes but only " + remaining + " remain");
        }
        WindowedMediaFile.Window window = file.window(position, FRAME_HEADER_LENGTH);
        int header = window.index(position);
        long frameSize = LittleEndian.u32(window.buffer(), header);
        long ivfPts = LittleEndian.i64(window.buffer(), header + 4);
        if (frameSize == 0 || frameSize > MAX_FRAME_SIZE) {
            throw new MediaFormatException(path, position, "impossible frame size: frame " + frameIndex
                    + " declares " + frameSize + " bytes (allowed 1 to " + MAX_FRAME_SIZE + ")");
        }
        long start = position + FRAME_HEADER_LENGTH;
        if (frameSize > size - start) {
            throw new TruncatedMediaException(path, position, "frame " + frameIndex + " declares " + frameSize
                    + " bytes but only " + (size - start) + " remain");
        }
        long pts;
        try {
            pts = Math.multiplyExact(ivfPts, scale);
        } catch (ArithmeticException e) {
            throw new MediaFormatException(path, position + 4, "frame " + frameIndex + " pts " + ivfPts
                    + " times scale " + scale + " overflows 64 bits");
        }
        int length = (int) frameSize;
        window = file.window(position, FRAME_HEADER_LENGTH + frameSize); // the same one unless the frame runs past it
        ByteBuffer map = window.buffer();
        int offset = window.index(start);
        frame.set(map, offset, length, pts, pts, isKeyFrame(map, offset, length), frameIndex, start);
        position = start + length;
        frameIndex++;
        return true;
    }

    private boolean isKeyFrame(ByteBuffer map, int offset, int length) {
        switch (codec) {
            case VP8:
                return Vp8Packetizer.isKeyframe(map, offset, length);
            case VP9:
                return Vp9Packetizer.isKeyframe(map, offset, length);
            default:
                return Av1Packetizer.isKeyframe(map, offset, length);
        }
    }

    @Override
    public void rewind() {
        file.checkOpen();
        position = HEADER_LENGTH;
        frameIndex = 0;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
