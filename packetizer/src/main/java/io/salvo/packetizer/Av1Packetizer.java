package io.salvo.packetizer;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * AV1 packetizer (AOM "RTP Payload Format for AV1" v1.0). Takes a temporal unit in low-overhead
 * format, drops temporal delimiters, tile lists and padding, and sends the other OBUs as OBU
 * elements without their {@code obu_size}: each OBU header, with {@code obu_has_size_field}
 * cleared, is written into the header slot after the aggregation header and the element's
 * LEB128 length, while the OBU payload stays a view of the frame. OBUs are aggregated into a
 * packet and fragmented across packets (Z/Y); W is the element count when it is at most 3 (the
 * last element then has no length field), else 0 with every element length-prefixed. N=1 on the
 * first packet of a temporal unit that holds a sequence header and a key frame; the marker on
 * the last packet of the temporal unit. OBUs with different temporal/spatial ids never share a
 * packet, and a packet closes early when its slot would overflow.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|  then per element: [length (LEB128)] OBU header [ext] | payload view
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Datagram sizes: the packetizer finds the fewest packets at the maximum size, then the
 * smallest payload capacity that still needs no more packets, and fills each packet to exactly
 * that capacity; so all datagrams but the last have the same length unless a layer change, a
 * full slot or an element too short to start in the last free bytes closes a packet early.
 * The {@code keyframe} argument is not needed: the frame header decides N.
 */
public final class Av1Packetizer implements Packetizer {
    /** OBU types (AV1 §6.2.2). */
    public static final int OBU_SEQUENCE_HEADER = 1, OBU_TEMPORAL_DELIMITER = 2, OBU_FRAME_HEADER = 3,
            OBU_TILE_GROUP = 4, OBU_METADATA = 5, OBU_FRAME = 6, OBU_REDUNDANT_FRAME_HEADER = 7,
            OBU_TILE_LIST = 8, OBU_PADDING = 15;
    /** Aggregation header bits. */
    public static final int Z = 0x80, Y = 0x40, N = 0x08;
    /** Shift of the 2-bit W field in the aggregation header. */
    public static final int W_SHIFT = 4;
    /** Elements a packet may hold without length field on its last one. */
    public static final int MAX_W = 3;
    private static final int MIN_SLOT_ROOM = 1 + 5 + 2;

    private final RtpStream stream;
    private final int maxDatagramSize;
    private final int slotCapacity;
    private final Av1TemporalUnit unit = new Av1TemporalUnit();
    private int endElement;
    private int endOffset;
    private int elementsInPacket;

    private Av1Packetizer(Builder builder) {
        this.stream = builder.stream;
        this.maxDatagramSize = builder.maxDatagramSize;
        this.slotCapacity = builder.slotCapacity;
        int minimum = stream.headerLength() + 3;
        if (maxDatagramSize < minimum) {
            throw new IllegalArgumentException("AV1 max datagram size " + maxDatagramSize + " is below the minimum "
                    + minimum + " (RTP header " + stream.headerLength() + " + aggregation header 1 + an OBU header"
                    + " and payload byte, 2)");
        }
        if (slotCapacity < stream.headerLength() + MIN_SLOT_ROOM) {
            throw new IllegalArgumentException("AV1 slot capacity " + slotCapacity + " is below the minimum "
                    + (stream.headerLength() + MIN_SLOT_ROOM) + " (RTP header + aggregation header, length field and"
                    + " OBU header)");
        }
    }

    /** A packetizer with 1200-byte datagrams and 256-byte slots. */
    public Av1Packetizer(RtpStream stream) {
        this(builder(stream));
    }

    /** A builder with the defaults: 1200-byte datagrams, {@link RtpPacket#DEFAULT_SLOT_CAPACITY}-byte slots. */
    public static Builder builder(RtpStream stream) {
        return new Builder(stream);
    }

    @Override
    public int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                         PacketSink sink) {
        Bytes.checkRange("AV1 temporal unit", offset, length, frame.capacity());
        if (length == 0) {
            throw new IllegalArgumentException("AV1 temporal unit at offset " + offset + " is empty");
        }
        unit.parse(frame, offset, length);
        if (unit.count == 0) {
            return 0;
        }
        int headerLength = stream.headerLength();
        int slotRoom = slotCapacity - headerLength;
        if (maxDatagramSize < headerLength + 3 || slotRoom < MIN_SLOT_ROOM) {
            throw new IllegalStateException("RTP header of " + headerLength + " bytes leaves no AV1 payload in "
                    + maxDatagramSize + "-byte datagrams with " + slotCapacity + "-byte slots");
        }
        int capacity = equalCapacity(maxDatagramSize - headerLength, slotRoom);
        return emit(frame, capacity, slotRoom, rtpTimestamp, sink);
    }

    /** The smallest payload capacity that needs no more packets than the largest one. */
    private int equalCapacity(int maxCapacity, int slotRoom) {
        int packets = countPackets(maxCapacity, slotRoom);
        if (packets == 1) {
            return maxCapacity;
        }
        int low = (unit.totalBytes + 2 * packets - 1) / packets;
        if (low >= maxCapacity) {
            return maxCapacity;
        }
        if (countPackets(low, slotRoom) <= packets) {
            return low;
        }
        int high = maxCapacity;
        low++;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (countPackets(middle, slotRoom) <= packets) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return high;
    }

    private int countPackets(int capacity, int slotRoom) {
        int packets = 0;
        int element = 0;
        int offset = 0;
        while (element < unit.count) {
            plan(element, offset, capacity, slotRoom);
            element = endElement;
            offset = endOffset;
            packets++;
        }
        return packets;
    }

    /**
     * Plans the packet starting at byte {@code offset} of element {@code element}: fills it
     * greedily to {@code capacity} payload bytes and leaves the end position in
     * {@link #endElement}/{@link #endOffset} (an offset > 0 means that element continues).
     */
    private void plan(int element, int offset, int capacity, int slotRoom) {
        int used = 1;
        int slotUsed = 1;
        int elements = 0;
        int lastLength = 0;
        int layer = -1;
        while (element < unit.count) {
            int elementLayer = unit.layers[element];
            if (elementLayer >= 0 && layer >= 0 && elementLayer != layer) {
                break;
            }
            int remaining = unit.elementSize(element) - offset;
            int headerLeft = Math.max(0, unit.headerLengths[element] - offset);
            int previousLength = elements >= 1 && elements <= MAX_W ? Leb128.encodedLength(lastLength) : 0;
            boolean prefixed = elements + 1 > MAX_W;
            int ownLength = prefixed ? Leb128.encodedLength(remaining) : 0;
            int whole = used + previousLength + ownLength + remaining;
            int wholeSlot = slotUsed + previousLength + ownLength + headerLeft;
            if (whole <= capacity && wholeSlot <= slotRoom) {
                used = whole;
                slotUsed = wholeSlot;
                elements++;
                lastLength = remaining;
                layer = elementLayer >= 0 ? elementLayer : layer;
                element++;
                offset = 0;
                continue;
            }
            int room = capacity - used - previousLength;
            int fragment = prefixed ? fragmentWithLengthField(room) : room;
            int lengthField = prefixed && fragment > 0 ? Leb128.encodedLength(fragment) : 0;
            if (fragment >= 1 && fragment < remaining
                    && slotUsed + previousLength + lengthField + Math.min(fragment, headerLeft) <= slotRoom) {
                elements++;
                offset += fragment;
            }
            break;
        }
        endElement = element;
        endOffset = offset;
        elementsInPacket = elements;
    }

    /** The largest fragment {@code f} with {@code f + leb128length(f) <= room}, or 0. */
    private static int fragmentWithLengthField(int room) {
        for (int field = 1; field <= 5; field++) {
            int fragment = room - field;
            if (fragment < 1) {
                return 0;
            }
            if (Leb128.encodedLength(fragment) <= field) {
                return fragment;
            }
        }
        return 0;
    }

    private int emit(ByteBuffer frame, int capacity, int slotRoom, long rtpTimestamp, PacketSink sink) {
        int packets = 0;
        int element = 0;
        int offset = 0;
        while (element < unit.count) {
            plan(element, offset, capacity, slotRoom);
            int stopElement = endElement;
            int stopOffset = endOffset;
            int elements = elementsInPacket;
            boolean last = stopElement == unit.count;
            RtpPacket packet = sink.claim();
            if (packet.slotCapacity() < slotCapacity) {
                throw new IllegalStateException("sink's packet slot of " + packet.slotCapacity()
                        + " bytes is smaller than this AV1 packetizer's configured " + slotCapacity);
            }
            ByteBuffer slot = packet.slot();
            int base = packet.slotOffset();
            int at = base + stream.writeHeader(slot, base, last, rtpTimestamp);
            int w = elements <= MAX_W ? elements : 0;
            boolean newSequence = packets == 0 && unit.startsCodedVideoSequence;
            slot.put(at++, (byte) ((offset > 0 ? Z : 0) | (stopOffset > 0 ? Y : 0) | w << W_SHIFT | (newSequence ? N : 0)));
            int pending = base;
            for (int e = 0; e < elements; e++, element++, offset = 0) {
                int from = offset;
                int to = element == stopElement ? stopOffset : unit.elementSize(element);
                if (w == 0 || e < elements - 1) {
                    at += Leb128.write(slot, at, to - from);
                }
                int headerLength = unit.headerLengths[element];
                for (int i = from; i < Math.min(to, headerLength); i++) {
                    slot.put(at++, (byte) (unit.headers[element] >>> (8 * i)));
                }
                if (to > headerLength) {
                    packet.addSlot(pending - base, at - pending);
                    pending = at;
                    int skip = Math.max(from, headerLength) - headerLength;
                    packet.addPayload(frame, unit.payloadOffsets[element] + skip, to - Math.max(from, headerLength));
                }
            }
            if (at > pending) {
                packet.addSlot(pending - base, at - pending);
            }
            sink.commit(packet);
            packets++;
            element = stopElement;
            offset = stopOffset;
        }
        return packets;
    }

    /**
     * True when the {@code length}-byte temporal unit at {@code offset} is a key frame that starts
     * a coded video sequence (a sequence header and a KEY_FRAME frame header). A probe for readers:
     * never throws; a malformed unit is "not key".
     */
    public static boolean isKeyframe(ByteBuffer unit, int offset, int length) {
        return Av1KeyframeProbe.isKeyframe(unit, offset, length);
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
        return "AV1";
    }

    /** {@code profile=P;level-idx=L;tier=T} from the last sequence header seen, else empty. */
    @Override
    public String formatParameters() {
        if (unit.profile < 0) {
            return "";
        }
        return "profile=" + unit.profile + ";level-idx=" + unit.level + ";tier=" + unit.tier;
    }

    /** Options of an {@link Av1Packetizer}. */
    public static final class Builder {
        private final RtpStream stream;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private int slotCapacity = RtpPacket.DEFAULT_SLOT_CAPACITY;

        private Builder(RtpStream stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
        }

        /** Largest datagram, RTP header included (default 1200). */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = bytes;
            return this;
        }

        /** Header slot size of the sink's packets (default 256): bounds the OBU headers per packet. */
        public Builder slotCapacity(int bytes) {
            this.slotCapacity = bytes;
            return this;
        }

        /** The packetizer. */
        public Av1Packetizer build() {
            return new Av1Packetizer(this);
        }
    }
}
