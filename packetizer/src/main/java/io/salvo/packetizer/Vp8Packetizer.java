package io.salvo.packetizer;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * VP8 packetizer (RFC 7741). Each packet carries the payload descriptor in its header slot and
 * an equal-size fragment of the frame as a view; all packets of a frame but the last have the
 * same length. The whole frame is treated as partition 0: S=1 and PID=0 on the first packet
 * only. The PictureID (15 bits by default, 7 bits or none as options) starts at a random value
 * and increments per frame; TL0PICIDX/TID are off by default. The marker is set on the last
 * packet of the frame.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 *      |   PictureID   | (when M = 1)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The {@code keyframe} argument is not needed: the VP8 frame tag says it (RFC 6386 §9.1,
 * RFC 7741 §4.3: bit 0 of the first byte, the inverse key frame flag P, is 0 for a key frame),
 * see {@link #isKeyframe}. N (non-reference frame) is always 0, since it cannot be read without
 * decoding the boolean-coded frame header.
 */
public final class Vp8Packetizer implements Packetizer {
    /** Byte 0: extended control bits present. */
    public static final int X = 0x80;
    /** Byte 0: non-reference frame. */
    public static final int N = 0x20;
    /** Byte 0: start of a VP8 partition. */
    public static final int S = 0x10;
    /** Extension byte: PictureID present. */
    public static final int I = 0x80;
    /** Extension byte: TL0PICIDX present. */
    public static final int L = 0x40;
    /** Extension byte: TID present. */
    public static final int T = 0x20;
    /** Extension byte: KEYIDX present. */
    public static final int K = 0x10;
    /** PictureID byte: 15-bit PictureID follows. */
    public static final int M = 0x80;
    /** Start code of a key frame, bytes 3..5 of the frame. */
    public static final int KEY_FRAME_START_CODE = 0x9D012A;
    /** Frame tag length. */
    public static final int FRAME_TAG_LENGTH = 3;
    /** Frame tag, start code, width and height of a key frame. */
    public static final int KEY_FRAME_HEADER_LENGTH = 10;

    private final RtpStream stream;
    private final int maxDatagramSize;
    private final int pictureIdBits;
    private final boolean temporalLayerFields;
    private final int descriptorLength;
    private int pictureId;
    private int tl0PicIdx;
    private int temporalLayer;
    private boolean layerSync;

    private Vp8Packetizer(Builder builder) {
        this.stream = builder.stream;
        this.maxDatagramSize = builder.maxDatagramSize;
        this.pictureIdBits = builder.pictureIdBits;
        this.temporalLayerFields = builder.temporalLayerFields;
        this.descriptorLength = 1 + (pictureIdBits > 0 || temporalLayerFields ? 1 : 0)
                + pictureIdBits / 7 + (temporalLayerFields ? 2 : 0);
        this.pictureId = builder.firstPictureId & ((1 << Math.max(pictureIdBits, 1)) - 1);
        int minimum = stream.headerLength() + descriptorLength + 1;
        if (maxDatagramSize < minimum) {
            throw new IllegalArgumentException("VP8 max datagram size " + maxDatagramSize + " is below the minimum "
                    + minimum + " (RTP header " + stream.headerLength() + " + descriptor " + descriptorLength
                    + " + 1 payload byte)");
        }
    }

    /** A packetizer with 1200-byte datagrams and a 15-bit PictureID. */
    public Vp8Packetizer(RtpStream stream) {
        this(builder(stream));
    }

    /** A builder with the defaults: 1200-byte datagrams, 15-bit PictureID, no TL0PICIDX/TID. */
    public static Builder builder(RtpStream stream) {
        return new Builder(stream);
    }

    /** True when the VP8 frame at {@code offset} is a key frame: bit 0 of its frame tag is 0. */
    public static boolean isKeyframe(ByteBuffer frame, int offset) {
        return (frame.get(offset) & 1) == 0;
    }

    /**
     * True when the {@code length}-byte VP8 frame at {@code offset} is a key frame with its start
     * code (RFC 6386 §9.1: frame tag bit 0 is 0, bytes 3-5 are {@code 9d 01 2a}, and the 10-byte
     * key frame header is there). A probe for readers: never throws, a short or odd frame is "not key".
     */
    public static boolean isKeyframe(ByteBuffer frame, int offset, int length) {
        return length >= KEY_FRAME_HEADER_LENGTH
                && (frame.get(offset) & 1) == 0
                && io.salvo.rtp.Bytes.u24(frame, offset + 3) == KEY_FRAME_START_CODE;
    }

    /** The PictureID the next frame will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    /**
     * Sets the temporal layer (TID, 0..3) and layer sync bit (Y) of the next frames; only with
     * {@link Builder#temporalLayerFields(boolean)}. TL0PICIDX increments on every TID 0 frame.
     */
    public Vp8Packetizer temporalLayer(int tid, boolean layerSync) {
        if (!temporalLayerFields) {
            throw new IllegalStateException("temporal layer fields are off for this VP8 packetizer");
        }
        if (tid < 0 || tid > 3) {
            throw new IllegalArgumentException("VP8 TID must be 0..3, was " + tid);
        }
        this.temporalLayer = tid;
        this.layerSync = layerSync;
        return this;
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        Bytes.checkRange("VP8 frame", offset, length, frame.capacity());
        validate(frame, offset, length);
        int headerLength = stream.headerLength();
        int capacity = maxDatagramSize - headerLength - descriptorLength;
        if (capacity < 1) {
            throw new IllegalStateException("RTP header of " + headerLength + " bytes leaves no VP8 payload in "
                    + maxDatagramSize + "-byte datagrams");
        }
        if (temporalLayerFields && temporalLayer == 0) {
            tl0PicIdx = (tl0PicIdx + 1) & 0xFF;
        }
        int count = EqualSplit.count(length, capacity);
        int size = EqualSplit.size(length, capacity);
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            int fragment = last ? length - i * size : size;
            RtpPacket packet = sink.claim();
            ByteBuffer slot = packet.slot();
            int h = stream.writeHeader(slot, packet.slotOffset(), last, rtpTimestamp);
            writeDescriptor(slot, packet.slotOffset() + h, i == 0);
            packet.addSlot(0, h + descriptorLength);
            packet.addPayload(frame, offset + i * size, fragment);
            sink.commit(packet);
        }
        if (pictureIdBits > 0) {
            pictureId = (pictureId + 1) & ((1 << pictureIdBits) - 1);
        }
        return count;
    }

    private void writeDescriptor(ByteBuffer slot, int index, boolean first) {
        boolean extended = descriptorLength > 1;
        slot.put(index++, (byte) ((extended ? X : 0) | (first ? S : 0)));
        if (!extended) {
            return;
        }
        slot.put(index++, (byte) ((pictureIdBits > 0 ? I : 0) | (temporalLayerFields ? L | T : 0)));
        if (pictureIdBits == 15) {
            Bytes.put16(slot, index, M << 8 | pictureId);
            index += 2;
        } else if (pictureIdBits == 7) {
            slot.put(index++, (byte) pictureId);
        }
        if (temporalLayerFields) {
            slot.put(index++, (byte) tl0PicIdx);
            slot.put(index, (byte) (temporalLayer << 6 | (layerSync ? 0x20 : 0)));
        }
    }

    private static void validate(ByteBuffer frame, int offset, int length) {
        if (length < FRAME_TAG_LENGTH) {
            throw new IllegalArgumentException("VP8 frame at offset " + offset + ": " + length
                    + " bytes, shorter than the 3-byte frame tag");
        }
        int tag = frame.get(offset) & 0xFF | (frame.get(offset + 1) & 0xFF) << 8 | (frame.get(offset + 2) & 0xFF) << 16;
        int firstPartitionSize = tag >>> 5;
        int headerLength = FRAME_TAG_LENGTH;
        if ((tag & 1) == 0) {
            if (length < KEY_FRAME_HEADER_LENGTH) {
                throw new IllegalArgumentException("VP8 key frame at offset " + offset + ": " + length
                        + " bytes, shorter than the 10-byte key frame header");
            }
            int startCode = Bytes.u24(frame, offset + 3);
            if (startCode != KEY_FRAME_START_CODE) {
                throw new IllegalArgumentException(String.format(
                        "VP8 key frame at offset %d: start code is 0x%06x, expected 0x9d012a", offset, startCode));
            }
            headerLength = KEY_FRAME_HEADER_LENGTH;
        }
        if (firstPartitionSize > length - headerLength) {
            throw new IllegalArgumentException("VP8 frame at offset " + offset + ": first partition size "
                    + firstPartitionSize + " runs past the end of the " + length + "-byte frame");
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
        return "VP8";
    }

    @Override
    public String formatParameters() {
        return "";
    }

    /** Options of a {@link Vp8Packetizer}. */
    public static final class Builder {
        private final RtpStream stream;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private int pictureIdBits = 15;
        private boolean temporalLayerFields;
        private int firstPictureId = new SecureRandom().nextInt(1 << 15);

        private Builder(RtpStream stream) {
            this.stream = java.util.Objects.requireNonNull(stream, "stream");
        }

        /** Largest datagram, RTP header included (default 1200). */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = bytes;
            return this;
        }

        /** PictureID width: 15 (default), 7, or 0 for no PictureID. */
        public Builder pictureIdBits(int bits) {
            if (bits != 0 && bits != 7 && bits != 15) {
                throw new IllegalArgumentException("VP8 PictureID must be 0, 7 or 15 bits, was " + bits);
            }
            this.pictureIdBits = bits;
            return this;
        }

        /** The first frame's PictureID (default random); masked to the PictureID width. */
        public Builder firstPictureId(int pictureId) {
            this.firstPictureId = pictureId;
            return this;
        }

        /** Writes TL0PICIDX and TID/Y in every packet (default off). */
        public Builder temporalLayerFields(boolean on) {
            this.temporalLayerFields = on;
            return this;
        }

        /** The packetizer. */
        public Vp8Packetizer build() {
            return new Vp8Packetizer(this);
        }
    }
}
