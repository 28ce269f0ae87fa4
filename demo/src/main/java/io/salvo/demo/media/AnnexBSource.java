package io.salvo.demo.media;

import io.salvo.packetizer.NalUnitList;
import io.salvo.rtp.MediaClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An H.264 or H.265 Annex B elementary stream ({@code .h264}, {@code .265}), mapped whole with
 * {@link FileChannel#map} (so files up to 2 GiB - 1 byte; larger ones are refused) and split
 * into access units at open: a new access unit begins at an access unit delimiter, a parameter
 * set, SEI or other prefix NAL unit after a slice, or a slice that starts a new picture
 * ({@code first_mb_in_slice == 0}, {@code first_slice_segment_in_pic_flag}). Each frame is a view
 * of the mapping covering its NAL units with their start codes; keyframe = holds an IDR (H.264)
 * or IRAP (H.265) picture.
 *
 * <p>Timing, in 90 kHz units: the frame rate comes from the SPS VUI timing info (H.264
 * {@code time_scale / (2 × num_units_in_tick)}, H.265 {@code vui_time_scale /
 * vui_num_units_in_tick}) or else from the fallback given to the constructor. DTS = decode index
 * × frame duration. PTS is the presentation time: pictures are ranked by picture order count
 * within each coded video sequence and shifted by the stream's reorder delay, so PTS ≥ DTS. When
 * the order cannot be derived (H.264 {@code pic_order_cnt_type} 1) PTS = DTS for every frame
 * ({@link #presentationFromPictureOrder()} false). Not thread-safe.
 */
public final class AnnexBSource implements MediaSource {
    /** The frame rate used when the SPS has no timing info, unless the constructor says otherwise. */
    public static final double DEFAULT_FRAME_RATE = 30;
    private static final int DETECT_WINDOW = 64 * 1024;
    private static final int VIDEO_CLOCK = MediaClock.VIDEO_RATE;

    private final Path path;
    private final Codec codec;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final PictureHeaders headers;
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private boolean[] keyframes = new boolean[256];
    private long[] orders = new long[256];
    private boolean[] sequenceStarts = new boolean[256];
    private int[] displayIndexes;
    private int count;
    private int delay;
    private final long rateNumerator;
    private final long rateDenominator;
    private final boolean rateFromVui;
    private int next;
    private boolean closed;

    /** Opens {@code path} as {@code codec} (H264 or H265) with a 30 fps fallback frame rate. */
    public AnnexBSource(Path path, Codec codec) throws IOException {
        this(path, codec, DEFAULT_FRAME_RATE);
    }

    /**
     * Opens {@code path} as {@code codec} (H264 or H265); {@code fallbackFrameRate} is used when
     * the SPS carries no timing info.
     *
     * @throws MediaFormatException if the file has no start code, data before the first one, an
     *                              empty or forbidden NAL unit, or headers that cannot be parsed
     */
    public AnnexBSource(Path path, Codec codec, double fallbackFrameRate) throws IOException {
        if (codec != Codec.H264 && codec != Codec.H265) {
            throw new IllegalArgumentException("Annex B streams are H264 or H265, not " + codec);
        }
        if (!(fallbackFrameRate > 0 && fallbackFrameRate < 1000)) {
            throw new IllegalArgumentException("fallback frame rate must be in (0, 1000), was " + fallbackFrameRate);
        }
        this.path = path;
        this.codec = codec;
        this.headers = codec == Codec.H264 ? new H264Headers() : new H265Headers();
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new MediaFormatException(path, Integer.MAX_VALUE, "Annex B files above 2 GiB are not supported"
                        + " (the file is " + size + " bytes; one mapping holds at most " + Integer.MAX_VALUE + ")");
            }
            this.map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            index((int) size);
        } catch (IOException | RuntimeException e) {
            channel.close();
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
        order();
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

    /** Frames (access units) in the file. */
    public int frameCount() {
        return count;
    }

    /** Frames per second used for timing. */
    public double frameRate() {
        return (double) rateNumerator / rateDenominator;
    }

    /** True when {@link #frameRate()} came from the SPS VUI timing info, false for the fallback. */
    public boolean frameRateFromVui() {
        return rateFromVui;
    }

    /** True when PTS follows the picture order count; false when PTS = DTS (order unknown). */
    public boolean presentationFromPictureOrder() {
        return headers.orderKnown;
    }

    /** Frames the presentation times are shifted by so that PTS ≥ DTS (B-frame reorder depth). */
    public int reorderDelay() {
        return delay;
    }

    @Override
    public boolean next(MediaFrame frame) throws IOException {
        checkOpen();
        if (next >= count) {
            return false;
        }
        int i = next++;
        frame.set(map, offsets[i], lengths[i], time(displayIndexes[i] + delay), time(i), keyframes[i], i, offsets[i]);
        return true;
    }

    @Override
    public void rewind() throws IOException {
        checkOpen();
        next = 0;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException(path + ": source is closed");
        }
    }

    private long time(long frameIndex) {
        return MediaClock.rescale(frameIndex * rateDenominator, rateNumerator, VIDEO_CLOCK);
    }

    private void index(int end) throws MediaFormatException {
        int code = NalUnitList.findStartCode(map, 0, end);
        if (code < 0) {
            throw new MediaFormatException(path, 0, "no start code (00 00 01) in " + end + " bytes: not an Annex B "
                    + codec + " stream");
        }
        for (int i = 0; i < code; i++) {
            if (map.get(i) != 0) {
                throw new MediaFormatException(path, i, "data before the first start code at byte " + code);
            }
        }
        int headerLength = headers.headerLength();
        int auStart = code > 0 ? code - 1 : code;
        boolean hasVcl = false;
        boolean keyframe = false;
        long order = 0;
        boolean sequenceStart = false;
        int previousEnd = 0;
        while (code >= 0) {
            int nal = code + 3;
            int following = NalUnitList.findStartCode(map, nal, end);
            int nalEnd = following < 0 ? end : following;
            while (nalEnd > nal && map.get(nalEnd - 1) == 0) {
                nalEnd--;
            }
            int codeStart = code > previousEnd && map.get(code - 1) == 0 ? code - 1 : code;
            int length = nalEnd - nal;
            if (length < headerLength) {
                if (following < 0 && length == 0) {
                    break; // a start code at the very end: trailing bytes of the last access unit
                }
                throw new MediaFormatException(path, nal, codec + " NAL unit of " + length
                        + " bytes, shorter than its header");
            }
            if ((map.get(nal) & 0x80) != 0) {
                throw new MediaFormatException(path, nal, codec + " NAL unit with forbidden_zero_bit set");
            }
            int type = headers.type(map, nal);
            if (hasVcl && headers.startsAccessUnit(type, map, nal, length)) {
                add(auStart, codeStart - auStart, keyframe, order, sequenceStart);
                auStart = codeStart;
                hasVcl = false;
                keyframe = false;
            }
            try {
                headers.unit(type, map, nal, length);
            } catch (IllegalArgumentException e) {
                throw new MediaFormatException(path, nal, codec + " NAL unit of type " + type + ": " + e.getMessage());
            }
            if (headers.isVcl(type)) {
                if (!hasVcl) {
                    order = headers.pictureOrderCount();
                    sequenceStart = headers.startsSequence() || count == 0;
                }
                hasVcl = true;
                keyframe |= headers.isKeyframe(type);
            }
            previousEnd = nalEnd;
            code = following;
        }
        if (hasVcl || count == 0) {
            add(auStart, end - auStart, keyframe, order, sequenceStart || count == 0);
        } else {
            lengths[count - 1] = end - offsets[count - 1]; // trailing non-picture units join the last frame
        }
    }

    private void add(int offset, int length, boolean keyframe, long order, boolean sequenceStart) {
        if (count == offsets.length) {
            int grown = count * 2;
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
            keyframes = Arrays.copyOf(keyframes, grown);
            orders = Arrays.copyOf(orders, grown);
            sequenceStarts = Arrays.copyOf(sequenceStarts, grown);
        }
        offsets[count] = offset;
        lengths[count] = length;
        keyframes[count] = keyframe;
        orders[count] = order;
        sequenceStarts[count] = sequenceStart;
        count++;
    }

    /** Display index of every frame: rank by picture order count inside each coded video sequence. */
    private void order() {
        displayIndexes = new int[count];
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && !sequenceStarts[end]) {
                end++;
            }
            Integer[] byOrder = new Integer[end - start];
            for (int i = 0; i < byOrder.length; i++) {
                byOrder[i] = start + i;
            }
            if (headers.orderKnown) {
                Arrays.sort(byOrder, (a, b) -> Long.compare(orders[a], orders[b]));
            }
            for (int rank = 0; rank < byOrder.length; rank++) {
                displayIndexes[byOrder[rank]] = start + rank;
            }
            start = end;
        }
        for (int i = 0; i < count; i++) {
            delay = Math.max(delay, i - displayIndexes[i]);
        }
    }
}
