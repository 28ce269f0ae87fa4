package io.salvo.demo.media;

import io.salvo.packetizer.NalUnitList;
import io.salvo.rtp.MediaClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An H.264 or H.265 Annex B elementary stream ({@code .h264}, {@code .265}) of any size, mapped in
 * windows ({@link WindowedMediaFile}, 1 GiB each by default) and split into access units as it is
 * read ({@link AccessUnitScanner}): a new access unit begins at an access unit delimiter, a
 * parameter set, SEI or other prefix NAL unit after a slice, or a slice
 * that starts a new picture ({@code first_mb_in_slice == 0}, {@code first_slice_segment_in_pic_flag}).
 * Each frame is a view of a window covering its NAL units with their start codes; keyframe =
 * holds an IDR (H.264) or IRAP (H.265) picture. A window starts at the first byte of an access
 * unit; when the scan runs past its end, the next window starts at the first byte of the unit it
 * was in, so a unit across the end of one window comes out whole from the next, and a unit larger
 * than a window gets a window as large as it needs, up to 2 GiB - 1 bytes (a larger one is a
 * {@link MediaFormatException} naming its offset and least size). Frames already split keep the
 * window they were found in.
 *
 * <p>Timing, in 90 kHz units: the frame rate comes from the SPS VUI timing info (H.264
 * {@code time_scale / (2 × num_units_in_tick)}, H.265 {@code vui_time_scale /
 * vui_num_units_in_tick}) of the SPS read at open, or else from the fallback given to the
 * constructor. DTS = decode index × frame duration. PTS is the presentation time: pictures are
 * ranked by picture order count within each coded video sequence and shifted by the stream's
 * reorder delay so that PTS ≥ DTS; H.264 POC types 1 and 2 give decode order (PTS = DTS). The
 * rank of a picture is settled once 16 later pictures have been split (the deepest reorder
 * either standard allows, so exact for any conforming stream) or a new sequence starts; the
 * reader never splits more than {@link #MAX_LOOKAHEAD} frames ahead of the one it returns.
 *
 * <p>Opening reads only the start: the first access unit, and as many more (at most
 * {@link #DELAY_PROBE} ranked frames) as it takes to learn the reorder delay — the largest
 * decode index minus display index among them. It stops early once that reaches the bound the
 * SPS declares (H.264 {@code max_num_reorder_frames}, H.265 {@code sps_max_num_reorder_pics}),
 * which a conforming stream never exceeds. When the probe ends short of a declared bound, the
 * bound is the delay, so PTS ≥ DTS holds for the whole stream; a stream that declares no bound
 * and reorders deeper after the probe than within it gets PTS &lt; DTS on those frames.
 *
 * <p>Errors: a file without any start code, with data before the first, or whose first access
 * unit is malformed fails at open; malformed data later surfaces from {@link #next} as a
 * {@link MediaFormatException} naming the offset, after every complete frame before it.
 * Not thread-safe.
 */
public final class AnnexBSource implements MediaSource {
    /** The frame rate used when the SPS has no timing info, unless the constructor says otherwise. */
    public static final double DEFAULT_FRAME_RATE = 30;
    /** Frames ranked at open to measure the reorder delay, unless the SPS bound is reached sooner. */
    public static final int DELAY_PROBE = 128;
    /**
     * Most frames read ahead of the one returned; beyond it (a stream holding a frame back longer
     * than any decoder would) the oldest frame gets the next display index.
     */
    public static final int MAX_LOOKAHEAD = 512;
    private static final int DETECT_WINDOW = 64 * 1024;
    private static final int VIDEO_CLOCK = MediaClock.VIDEO_RATE;

    private final Path path;
    private final Codec codec;
    private final WindowedMediaFile file;
    private final ReorderWindow reorder = new ReorderWindow();
    private final long rateNumerator;
    private final long rateDenominator;
    private final boolean rateFromVui;
    private final boolean orderKnown;
    private final int delay;
    private AccessUnitScanner scanner;
    private NalUnitLog log;
    /** The scanner has nothing more: end of data, or {@link #problem}. */
    private boolean exhausted;
    private MediaFormatException problem;
    private boolean closed;

    /** Opens {@code path} as {@code codec} (H264 or H265) with a 30 fps fallback frame rate. */
    public AnnexBSource(Path path, Codec codec) throws IOException {
        this(path, codec, DEFAULT_FRAME_RATE);
    }

    /**
     * Opens {@code path} as {@code codec} (H264 or H265); {@code fallbackFrameRate} is used when
     * the SPS carries no timing info.
     *
     * @throws MediaFormatException if the file has no start code, data before the first one, or a
     *                              first access unit with an empty or forbidden NAL unit or
     *                              headers that cannot be parsed
     */
    public AnnexBSource(Path path, Codec codec, double fallbackFrameRate) throws IOException {
        this(path, codec, fallbackFrameRate, WindowedMediaFile.DEFAULT_WINDOW);
    }

    /** Opens {@code path} to be mapped in windows of {@code windowSize} bytes (tests use small ones). */
    AnnexBSource(Path path, Codec codec, double fallbackFrameRate, int windowSize) throws IOException {
        this(path, codec, fallbackFrameRate, windowSize, WindowedMediaFile.MAX_WINDOW);
    }

    /**
     * Opens {@code path} to be mapped in windows of {@code windowSize} bytes, access units above
     * {@code maxFrame} bytes being refused (tests of the refusal use a small limit).
     */
    AnnexBSource(Path path, Codec codec, double fallbackFrameRate, int windowSize, int maxFrame)
            throws IOException {
        if (codec != Codec.H264 && codec != Codec.H265) {
            throw new IllegalArgumentException("Annex B streams are H264 or H265, not " + codec);
        }
        if (!(fallbackFrameRate > 0 && fallbackFrameRate < 1000)) {
            throw new IllegalArgumentException("fallback frame rate must be in (0, 1000), was " + fallbackFrameRate);
        }
        this.path = path;
        this.codec = codec;
        this.file = new WindowedMediaFile(path, windowSize, maxFrame);
        PictureHeaders headers;
        int bound;
        try {
            this.scanner = newScanner();
            headers = scanner.headers();
            read();
            if (problem != null && reorder.size() == 0) {
                throw problem; // not even the first access unit is readable
            }
            bound = headers.reorderBound;
            probeDelay(bound);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        this.rateFromVui = headers.frameRateNumerator > 0;
        if (rateFromVui) {
            this.rateNumerator = headers.frameRateNumerator;
            this.rateDenominator = headers.frameRateDenominator;
        } else {
            this.rateNumerator = Math.round(fallbackFrameRate * 1000);
            this.rateDenominator = 1000;
        }
        this.orderKnown = headers.orderKnown;
        int observed = reorder.maxLag();
        this.delay = exhausted || bound == PictureHeaders.UNKNOWN ? observed : Math.max(observed, bound);
    }

    /**
     * The codec of an Annex B stream from its first NAL unit header: H265 for a VPS, SPS, PPS,
     * AUD, prefix SEI or IRAP slice header; H264 for an SPS, PPS, AUD, SEI or slice; null when
     * no start code appears in the first 64 KiB (between position and limit) or the header fits
     * neither.
     */
    public static Codec detectCodec(ByteBuffer data) {
        int from = data.position();
        int end = (int) Math.min(data.limit(), (long) from + DETECT_WINDOW);
        int code = NalUnitList.findStartCode(data, from, end);
        if (code < 0 || code + 4 >= end) {
            return null;
        }
        int first = data.get(code + 3) & 0xFF;
        int second = data.get(code + 4) & 0xFF;
        if ((first & 0x80) != 0) {
            return null;
        }
        int h265Type = (first >>> 1) & 0x3F;
        boolean h265Header = (first & 0x01) == 0 && (second & 0xF8) == 0 && (second & 0x07) != 0;
        if (h265Header && ((h265Type >= 32 && h265Type <= 35) || h265Type == 39
                || (h265Type >= 16 && h265Type <= 21))) {
            return Codec.H265;
        }
        int h264Type = first & 0x1F;
        if (h264Type == 1 || (h264Type >= 5 && h264Type <= 9)) {
            return Codec.H264;
        }
        return null;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public long timescale() {
        return VIDEO_CLOCK;
    }

    /** Frames per second used for timing. */
    public double frameRate() {
        return (double) rateNumerator / rateDenominator;
    }

    /** True when {@link #frameRate()} came from the SPS VUI timing info, false for the fallback. */
    public boolean frameRateFromVui() {
        return rateFromVui;
    }

    /**
     * True when PTS follows the picture order count; false when the stream's H.264 POC type 1 made
     * the reader take pictures in decode order (as of the frames read at open).
     */
    public boolean presentationFromPictureOrder() {
        return orderKnown;
    }

    /** Frames the presentation times are shifted by so that PTS ≥ DTS (B-frame reorder depth). */
    public int reorderDelay() {
        return delay;
    }

    /** Frames split but not yet returned (for tests of the lookahead bound). */
    int framesAhead() {
        return reorder.size();
    }

    @Override
    public boolean next(MediaFrame frame) throws IOException {
        checkOpen();
        while (!reorder.oldestReady()) {
            if (exhausted) {
                if (problem != null) {
                    throw problem;
                }
                return false;
            }
            if (reorder.size() >= MAX_LOOKAHEAD) {
                reorder.assignOldest();
            } else {
                read();
            }
        }
        int index = reorder.oldestIndex();
        frame.set(reorder.oldestBuffer(), reorder.oldestOffset(), reorder.oldestLength(),
                time(reorder.oldestDisplay() + delay), time(index), reorder.oldestKeyframe(), index,
                reorder.oldestFileOffset());
        reorder.removeOldest();
        return true;
    }

    @Override
    public void rewind() throws IOException {
        checkOpen();
        scanner = newScanner();
        reorder.clear();
        exhausted = false;
        problem = null;
    }

    /** Closes the file and drops the windows (frames handed out keep theirs); idempotent. */
    @Override
    public void close() throws IOException {
        closed = true;
        scanner = null;
        reorder.clear();
        file.close();
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(path + ": source is closed");
        }
    }

    private long time(long frameIndex) {
        return MediaClock.rescale(frameIndex * rateDenominator, rateNumerator, VIDEO_CLOCK);
    }

    private AccessUnitScanner newScanner() throws IOException {
        AccessUnitScanner s = new AccessUnitScanner(file, codec, codec == Codec.H264 ? new H264Headers()
                : new H265Headers());
        s.log(log);
        return s;
    }

    /**
     * Publishes the NAL units of every access unit split from now on to {@code log}, for the
     * thread that packetizes them (see {@link NalUnitLog}); the few split ahead before this call
     * are not in it.
     */
    public void nalUnitLog(NalUnitLog log) {
        this.log = log;
        if (scanner != null) {
            scanner.log(log);
        }
    }

    /**
     * Reads frames until {@link #DELAY_PROBE} have their display index, the lag among them
     * reaches the SPS bound, or the data ends.
     */
    private void probeDelay(int bound) throws IOException {
        while (!exhausted && reorder.assigned() < DELAY_PROBE && reorder.size() < MAX_LOOKAHEAD
                && (bound == PictureHeaders.UNKNOWN || reorder.maxLag() < bound)) {
            read();
        }
    }

    /** Splits one more access unit into the reorder window; at the end or an error, ranks what is left. */
    private void read() throws IOException {
        try {
            if (scanner.next()) {
                reorder.add(scanner.buffer, scanner.offset, scanner.fileOffset, scanner.length, scanner.unitKeyframe,
                        scanner.pictureOrder, scanner.startsSequence);
                return;
            }
        } catch (MediaFormatException e) {
            problem = e;
        }
        exhausted = true;
        reorder.assignAll();
    }
}
