package io.salvo.packetizer;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * VP9 packetizer (RFC 9628). Non-flexible mode by default: every packet carries I=1 with a
 * 15-bit picture ID (random start, +1 per picture), P read from the frame's uncompressed header
 * (0 for key and intra-only frames), B on the first and E on the last packet of a frame, and on
 * the first packet of a key frame V=1 with a scalability structure of one spatial layer (N_S=0,
 * Y=1 with the width and height from the key frame header, G=0: RFC 9628 says G=0 means one
 * temporal layer or no fixed dependency structure). The marker is set on the last packet of the
 * picture. Datagrams of a frame have equal sizes: the first packet, whose descriptor is longer
 * by the scalability structure, carries that much less payload ({@link EqualDatagrams}).
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z| (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PICTURE ID  |
 *      +-+-+-+-+-+-+-+-+
 * M:   | EXTENDED PID  |
 *      +-+-+-+-+-+-+-+-+
 * L:   |  TID  |U| SID |D| (option; non-flexible mode adds TL0PICIDX)
 *      +-+-+-+-+-+-+-+-+
 * P,F: | P_DIFF      |N| (flexible mode, up to 3 times)
 *      +-+-+-+-+-+-+-+-+
 * V:   | N_S |Y|G|-|-|-| then WIDTH (16) and HEIGHT (16) per layer
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p><b>Flexible mode</b> (option): F=1, and each inter picture lists its references as P_DIFFs,
 * derived exactly from the frame headers: the packetizer remembers which picture last refreshed
 * each of the 8 reference slots and maps the frame's {@code ref_frame_idx} to picture IDs. A
 * reference it cannot name (seen before the first frame given to it, or more than 127 pictures
 * back) is left out; at most 3 distinct references are written.
 *
 * <p><b>Superframes</b> (an IVF/WebM chunk carrying a hidden frame and a shown frame with an
 * Annex B index): by default ({@link SuperframeMode#WHOLE}) the chunk is sent as one frame, index
 * included, B..E around all of it, as ffmpeg's and GStreamer's packetizers do; ffmpeg's
 * depacketizer joins the packets up to the marker and its decoder needs the index to find the
 * second frame. {@link SuperframeMode#SPLIT} follows RFC 9628's frame model instead: every frame
 * of the superframe is its own B..E run (its own P and scalability structure) in one picture
 * (same timestamp and picture ID), the index is not sent, and only the picture's last packet
 * has the marker.
 *
 * <p>The {@code keyframe} argument is not needed: the frame header decides.
 */
public final class Vp9Packetizer implements Packetizer {
    /** Descriptor byte 0 bits. */
    public static final int I = 0x80, P = 0x40, L = 0x20, F = 0x10, B = 0x08, E = 0x04, V = 0x02, Z = 0x01;
    /** Picture ID byte: 15-bit picture ID. */
    public static final int M = 0x80;
    /** Scalability structure byte: one spatial layer (N_S=0), resolution present (Y=1), G=0. */
    public static final int SS_ONE_LAYER_WITH_RESOLUTION = 0x10;
    /** Scalability structure length for one layer with resolution. */
    public static final int SS_LENGTH = 5;
    /** Largest P_DIFF (7 bits). */
    public static final int MAX_P_DIFF = 127;
    private static final int PICTURE_ID_MASK = 0x7FFF;

    /** How a superframe (several frames with an Annex B index) is packetized. */
    public enum SuperframeMode {
        /** The whole chunk, index included, as one frame (interoperable with ffmpeg). */
        WHOLE,
        /** Each frame as its own B..E run in one picture, index dropped (RFC 9628 frames). */
        SPLIT
    }

    private final RtpStream stream;
    private final int maxDatagramSize;
    private final boolean flexible;
    private final boolean layerIndices;
    private final SuperframeMode superframeMode;
    private final Vp9FrameHeader header = new Vp9FrameHeader();
    private final Vp9Superframe superframe = new Vp9Superframe();
    private final int[] slotPictureIds = new int[8];
    private final boolean[] interPredicted = new boolean[Vp9Superframe.MAX_FRAMES];
    private final int[] widths = new int[Vp9Superframe.MAX_FRAMES];
    private final int[] heights = new int[Vp9Superframe.MAX_FRAMES];
    private final int[] refreshFlags = new int[Vp9Superframe.MAX_FRAMES];
    private final int[] referencedSlots = new int[Vp9Superframe.MAX_FRAMES];
    private final int[] pDiffs = new int[3];
    private int pDiffCount;
    private int pictureId;
    private int tl0PicIdx;
    private int profile = -1;

    private Vp9Packetizer(Builder builder) {
        this.stream = builder.stream;
        this.maxDatagramSize = builder.maxDatagramSize;
        this.flexible = builder.flexible;
        this.layerIndices = builder.layerIndices;
        this.superframeMode = builder.superframeMode;
        this.pictureId = builder.firstPictureId & PICTURE_ID_MASK;
        Arrays.fill(slotPictureIds, -1);
        int longest = descriptorLength(true, 3) + SS_LENGTH;
        int minimum = stream.headerLength() + longest + 1;
        if (maxDatagramSize < minimum) {
            throw new IllegalArgumentException("VP9 max datagram size " + maxDatagramSize + " is below the minimum "
                    + minimum + " (RTP header " + stream.headerLength() + " + descriptor up to " + longest
                    + " + 1 payload byte)");
        }
    }

    /** A non-flexible-mode packetizer with 1200-byte datagrams. */
    public Vp9Packetizer(RtpStream stream) {
        this(builder(stream));
    }

    /** A builder with the defaults: 1200-byte datagrams, non-flexible mode, no layer indices, WHOLE superframes. */
    public static Builder builder(RtpStream stream) {
        return new Builder(stream);
    }

    /**
     * True when the {@code length}-byte VP9 frame (or superframe) at {@code offset} starts with a
     * key frame: frame_marker 2, show_existing_frame 0, frame_type 0 (VP9 spec §6.2). A probe for
     * readers: never throws; anything else is "not key".
     */
    public static boolean isKeyframe(ByteBuffer frame, int offset, int length) {
        if (length < 1) {
            return false;
        }
        int b = frame.get(offset) & 0xFF;
        if (b >>> 6 != Vp9FrameHeader.FRAME_MARKER) {
            return false;
        }
        int profile = ((b >>> 4) & 1) << 1 | ((b >>> 5) & 1);
        int bit = profile == 3 ? 5 : 4; // MSB-first index of show_existing_frame (profile 3 has a reserved bit)
        boolean showExistingFrame = ((b >>> (7 - bit)) & 1) == 1;
        return !showExistingFrame && ((b >>> (6 - bit)) & 1) == 0;
    }

    /** The picture ID the next picture will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        Bytes.checkRange("VP9 frame", offset, length, frame.capacity());
        if (length == 0) {
            throw new IllegalArgumentException("VP9 frame at offset " + offset + " is empty");
        }
        superframe.parse(frame, offset, length);
        int frames = superframe.frameCount;
        for (int i = 0; i < frames; i++) {
            header.parse(frame, superframe.frameOffsets[i], superframe.frameLengths[i]);
            interPredicted[i] = header.interPredicted() || header.showExistingFrame;
            widths[i] = header.keyframe ? header.width : 0;
            heights[i] = header.height;
            refreshFlags[i] = header.refreshFlags;
            referencedSlots[i] = header.referencedSlots;
            profile = header.profile;
        }
        int headerLength = stream.headerLength();
        if (maxDatagramSize < headerLength + descriptorLength(true, 3) + SS_LENGTH + 1) {
            throw new IllegalStateException("RTP header of " + headerLength + " bytes leaves no VP9 payload in "
                    + maxDatagramSize + "-byte datagrams");
        }
        if (layerIndices && !flexible) {
            tl0PicIdx = (tl0PicIdx + 1) & 0xFF;
        }
        int packets;
        if (frames == 1 || superframeMode == SuperframeMode.WHOLE) {
            packets = packetizeFrame(frame, offset, length, 0, frames, rtpTimestamp, true, sink);
        } else {
            packets = 0;
            for (int i = 0; i < frames; i++) {
                packets += packetizeFrame(frame, superframe.frameOffsets[i], superframe.frameLengths[i], i, i + 1,
                        rtpTimestamp, i == frames - 1, sink);
            }
        }
        for (int i = 0; i < frames; i++) {
            for (int slot = 0; slot < 8; slot++) {
                if ((refreshFlags[i] & (1 << slot)) != 0) {
                    slotPictureIds[slot] = pictureId;
                }
            }
        }
        pictureId = (pictureId + 1) & PICTURE_ID_MASK;
        return packets;
    }

    /** Packetizes frames {@code [from, to)} of the superframe as one B..E run over the given bytes. */
    private int packetizeFrame(ByteBuffer frame, int offset, int length, int from, int to, long rtpTimestamp,
                               boolean endsPicture, PacketSink sink) {
        boolean predicted = false;
        int width = 0;
        int height = 0;
        for (int i = from; i < to; i++) {
            predicted |= interPredicted[i];
            if (width == 0 && widths[i] != 0) {
                width = widths[i];
                height = heights[i];
            }
        }
        collectReferences(from, to, predicted);
        int descriptor = descriptorLength(predicted, pDiffCount);
        int firstDescriptor = descriptor + (width != 0 ? SS_LENGTH : 0);
        int headerLength = stream.headerLength();
        int count = EqualDatagrams.count(length, headerLength + firstDescriptor, headerLength + descriptor, maxDatagramSize);
        int size = EqualDatagrams.datagramSize(length, headerLength + firstDescriptor, headerLength + descriptor,
                maxDatagramSize);
        int at = offset;
        int end = offset + length;
        for (int i = 0; i < count; i++) {
            boolean first = i == 0;
            boolean last = i == count - 1;
            int descriptorBytes = first ? firstDescriptor : descriptor;
            int payload = last ? end - at : size - headerLength - descriptorBytes;
            RtpPacket packet = sink.claim();
            ByteBuffer slot = packet.slot();
            int h = stream.writeHeader(slot, packet.slotOffset(), last && endsPicture, rtpTimestamp);
            writeDescriptor(slot, packet.slotOffset() + h, predicted, first, last, first ? width : 0, height);
            packet.addSlot(0, h + descriptorBytes);
            packet.addPayload(frame, at, payload);
            sink.commit(packet);
            at += payload;
        }
        return count;
    }

    private void collectReferences(int from, int to, boolean predicted) {
        pDiffCount = 0;
        if (!flexible || !predicted) {
            return;
        }
        int refreshedEarlier = 0;
        for (int i = from; i < to; i++) {
            int slots = referencedSlots[i] & ~refreshedEarlier;
            for (int slot = 0; slot < 8 && pDiffCount < pDiffs.length; slot++) {
                if ((slots & (1 << slot)) == 0 || slotPictureIds[slot] < 0) {
                    continue;
                }
                int diff = (pictureId - slotPictureIds[slot]) & PICTURE_ID_MASK;
                if (diff >= 1 && diff <= MAX_P_DIFF && !containsDiff(diff)) {
                    pDiffs[pDiffCount++] = diff;
                }
            }
            refreshedEarlier |= refreshFlags[i];
        }
    }

    private boolean containsDiff(int diff) {
        for (int i = 0; i < pDiffCount; i++) {
            if (pDiffs[i] == diff) {
                return true;
            }
        }
        return false;
    }

    private int descriptorLength(boolean predicted, int references) {
        int length = 3;
        if (layerIndices) {
            length += flexible ? 1 : 2;
        }
        if (flexible && predicted) {
            length += references;
        }
        return length;
    }

    private void writeDescriptor(ByteBuffer slot, int index, boolean predicted, boolean first, boolean last,
                                 int width, int height) {
        int flags = I | (predicted ? P : 0) | (layerIndices ? L : 0) | (flexible ? F : 0) | (first ? B : 0)
                | (last ? E : 0) | (width != 0 ? V : 0);
        slot.put(index++, (byte) flags);
        Bytes.put16(slot, index, M << 8 | pictureId);
        index += 2;
        if (layerIndices) {
            slot.put(index++, (byte) 0);
            if (!flexible) {
                slot.put(index++, (byte) tl0PicIdx);
            }
        }
        if (flexible && predicted) {
            for (int i = 0; i < pDiffCount; i++) {
                slot.put(index++, (byte) (pDiffs[i] << 1 | (i < pDiffCount - 1 ? 1 : 0)));
            }
        }
        if (width != 0) {
            slot.put(index++, (byte) SS_ONE_LAYER_WITH_RESOLUTION);
            Bytes.put16(slot, index, width);
            Bytes.put16(slot, index + 2, height);
        }
    }

    @Override
    public RtpStream stream() {
        return stream;
    }

    @Override
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    @Override
    public String mediaType() {
        return "video";
    }

    @Override
    public String encodingName() {
        return "VP9";
    }

    /** {@code profile-id=N} (RFC 9628 §6) once a frame has been seen, else empty. */
    @Override
    public String formatParameters() {
        return profile < 0 ? "" : "profile-id=" + profile;
    }

    /** Options of a {@link Vp9Packetizer}. */
    public static final class Builder {
        private final RtpStream stream;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private boolean flexible;
        private boolean layerIndices;
        private SuperframeMode superframeMode = SuperframeMode.WHOLE;
        private int firstPictureId = new SecureRandom().nextInt(1 << 15);

        private Builder(RtpStream stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
        }

        /** Largest datagram, RTP header included (default 1200). */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = bytes;
            return this;
        }

        /** Flexible mode (F=1) with references derived from the frame headers (default off). */
        public Builder flexibleMode(boolean on) {
            this.flexible = on;
            return this;
        }

        /**
         * Writes layer indices (L=1: TID=0, SID=0; in non-flexible mode TL0PICIDX, +1 per picture),
         * which some receivers expect (default off).
         */
        public Builder layerIndices(boolean on) {
            this.layerIndices = on;
            return this;
        }

        /** How superframes are packetized (default {@link SuperframeMode#WHOLE}). */
        public Builder superframeMode(SuperframeMode mode) {
            this.superframeMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The first picture ID (default random), masked to 15 bits. */
        public Builder firstPictureId(int pictureId) {
            this.firstPictureId = pictureId;
            return this;
        }

        /** The packetizer. */
        public Vp9Packetizer build() {
            return new Vp9Packetizer(this);
        }
    }
}
