package io.salvo.packetizer;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.PacketSink;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What H.264 (RFC 6184) and H.265 (RFC 7798) packetization share: one access unit per
 * {@link #packetize} call, Annex B or length-prefixed input, validated whole before the first
 * packet is committed; then, unit by unit, a single NAL unit packet, an aggregation packet
 * (STAP-A / AP) of consecutive small units, or fragments (FU-A / FU) of a unit above the payload
 * budget. Aggregation length fields live in the header slot and go out as their own vectors, so
 * NAL bytes are never copied. Fragments are of equal size by default ({@link EqualSplit}): every
 * fragment of a unit but the last makes a datagram of exactly the same length, the last is no
 * longer, so a unit's fragments can leave as one UDP GSO run.
 *
 * <p>Parameter sets seen in-band (or given from a configuration record) are kept in
 * {@link #parameterSets()}; before a keyframe (IDR / IRAP) that lacks any of them they are sent
 * again in-band, so a receiver joining late can decode (configurable).
 *
 * <p>Not thread-safe. Nothing is allocated per packet; per frame only when a parameter set changes.
 */
public abstract class NalUnitPacketizer implements Packetizer {
    /** Largest max datagram size accepted: the largest UDP payload over IPv4. */
    public static final int MAX_DATAGRAM_SIZE_LIMIT = 65_507;
    /** Bytes of each aggregation unit's length field. */
    public static final int AGGREGATION_LENGTH_SIZE = 2;
    /** Bit of {@code keepParameterSets}' result: the access unit holds a keyframe NAL unit. */
    private static final int KEYFRAME_FLAG = 1 << 8;

    private final RtpStream stream;
    private final int maxDatagramSize;
    private final int nalLengthSize;
    private final boolean equalFragments;
    private final boolean aggregation;
    private final boolean fragmentation;
    private final boolean parameterSetsBeforeKeyframe;
    private final ParameterSets parameterSets = new ParameterSets();
    private final NalUnitList units = new NalUnitList();
    private final RbspReader reader = new RbspReader();

    /** For subclasses: a packetizer with {@code builder}'s options. */
    protected NalUnitPacketizer(BaseBuilder<?> builder) {
        this.stream = Objects.requireNonNull(builder.stream, "stream");
        this.maxDatagramSize = builder.maxDatagramSize;
        this.nalLengthSize = builder.nalLengthSize;
        this.equalFragments = builder.equalFragments;
        this.aggregation = builder.aggregation;
        this.fragmentation = builder.fragmentation;
        this.parameterSetsBeforeKeyframe = builder.parameterSetsBeforeKeyframe;
        if (maxDatagramSize > MAX_DATAGRAM_SIZE_LIMIT) {
            throw new IllegalArgumentException("max datagram size must be at most " + MAX_DATAGRAM_SIZE_LIMIT
                    + " bytes, was " + maxDatagramSize);
        }
        payloadBudget();
    }

    // ---- codec specifics ----

    /** Codec name for messages: {@code H.264} or {@code H.265}. */
    protected abstract String codecName();

    /** Bytes of the NAL unit header: 1 (H.264) or 2 (H.265). */
    protected abstract int nalHeaderLength();

    /** Bytes before a fragment's payload: FU indicator + FU header (2) or PayloadHdr + FU header (3). */
    protected abstract int fragmentHeaderLength();

    /** Bytes before the first aggregation unit: STAP-A header (1) or AP PayloadHdr (2). */
    protected abstract int aggregationHeaderLength();

    /** NAL unit type from the first two header bytes. */
    protected abstract int nalType(int firstByte, int secondByte);

    /** True for VPS/SPS/PPS types kept in {@link #parameterSets()}. */
    protected abstract boolean isParameterSet(int type);

    /** True for a NAL type whose access unit is a keyframe (IDR, IRAP). */
    protected abstract boolean isKeyframe(int type);

    /** True for the access unit delimiter type. */
    protected abstract boolean isAccessUnitDelimiter(int type);

    /** How many parameter set types a keyframe needs (SPS+PPS: 2; VPS+SPS+PPS: 3). */
    protected abstract int parameterSetTypeCount();

    /** 0-based bit of parameter set type {@code type} among {@link #parameterSetTypeCount()}. */
    protected abstract int parameterSetBit(int type);

    /** The id of a parameter set whose RBSP (after the NAL header) {@code reader} is at. */
    protected abstract int parameterSetId(int type, RbspReader reader);

    /** Checks a NAL header beyond the forbidden bit; returns an error text or null. */
    protected String checkHeader(int firstByte, int secondByte) {
        return null;
    }

    /** Writes the fragmentation header for a unit with the given header bytes at {@code index}. */
    protected abstract void writeFragmentHeader(ByteBuffer slot, int index, int firstByte, int secondByte,
                                                boolean start, boolean end);

    /** Writes the aggregation header for units {@code [from, to)} of {@code units} at {@code index}. */
    protected abstract void writeAggregationHeader(ByteBuffer slot, int index, NalUnitList units, int from, int to);

    // ---- Packetizer ----

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

    /** Length of each NAL length prefix of the input, or 0 for Annex B input. */
    public int nalLengthSize() {
        return nalLengthSize;
    }

    /** The parameter sets seen so far (in-band or from a configuration record). */
    public ParameterSets parameterSets() {
        return parameterSets;
    }

    /**
     * Payload bytes available per packet: the max datagram size less the stream's current
     * header length (CSRCs and extensions included).
     *
     * @throws IllegalStateException if that leaves no room for one payload byte after the
     *                               fragmentation header (or for a one-byte NAL unit in mode 0)
     */
    public int payloadBudget() {
        int header = stream.headerLength();
        int budget = maxDatagramSize - header;
        int needed = (fragmentation ? fragmentHeaderLength() : 0) + 1;
        if (budget < needed) {
            String parts = fragmentation
                    ? "the " + header + "-byte RTP header, the " + fragmentHeaderLength() + "-byte " + codecName()
                    + " fragmentation header and one payload byte"
                    : "the " + header + "-byte RTP header and a one-byte NAL unit";
            throw new IllegalStateException("max datagram size " + maxDatagramSize + " is too small: " + parts
                    + " need " + (header + needed));
        }
        return budget;
    }

    /**
     * Reads the parameter sets of an access unit without packetizing it (for writing SDP before
     * streaming).
     *
     * @return the number of parameter set NAL units in the access unit
     * @throws MalformedFrameException as {@link #packetize} would
     */
    public int observeParameterSets(ByteBuffer frame, int offset, int length) {
        try {
            scan(frame, offset, length);
            return keepParameterSets(offset) >>> 16;
        } finally {
            units.clear();
        }
    }

    /**
     * Keeps a parameter set given out of band (from avcC/hvcC or SDP): {@code length} bytes of
     * {@code nal} at absolute {@code offset}, NAL header included.
     *
     * @throws MalformedFrameException if it is not a parameter set of this codec
     */
    public void addParameterSet(ByteBuffer nal, int offset, int length) {
        if (length < nalHeaderLength()) {
            throw new MalformedFrameException(0, codecName() + " parameter set of " + length + " bytes is too short");
        }
        int type = nalType(nal.get(offset) & 0xFF, length > 1 ? nal.get(offset + 1) & 0xFF : 0);
        if (!isParameterSet(type)) {
            throw new MalformedFrameException(0, codecName() + " NAL of type " + type + " is not a parameter set");
        }
        keep(type, nal, offset, length, 0);
    }

    @Override
    public final int packetize(ByteBuffer frame, int offset, int length, long rtpTimestamp, boolean keyframe,
                               PacketSink sink) {
        try {
            scan(frame, offset, length);
            return packetizeUnits(offset, rtpTimestamp, sink);
        } finally {
            units.clear();
        }
    }

    /**
     * As {@link #packetize}, for an access unit whose NAL units the caller has already found (a
     * demuxer or file reader that scanned the start codes): {@code found} holds them in order,
     * as {@link NalUnitList#scanAnnexB} or {@link NalUnitList#scanLengthPrefixed} would, all in
     * the {@code length} bytes at {@code offset} of {@code frame}, which is then not scanned
     * again. Each unit's header is checked as in {@link #packetize}; {@code found} is not changed.
     *
     * @throws MalformedFrameException if a unit lies outside the frame, overlaps the one before,
     *                                 or has a bad header; nothing was committed
     */
    public final int packetize(NalUnitList found, ByteBuffer frame, int offset, int length, long rtpTimestamp,
                               boolean keyframe, PacketSink sink) {
        try {
            copyUnits(found, frame, offset, length);
            return packetizeUnits(offset, rtpTimestamp, sink);
        } finally {
            units.clear();
        }
    }

    private void copyUnits(NalUnitList found, ByteBuffer frame, int offset, int length) {
        Bytes.checkRange(codecName() + " frame", offset, length, frame.capacity());
        if (found.size() == 0) {
            throw new MalformedFrameException(0, codecName() + " frame of " + length + " bytes has no NAL units");
        }
        units.clear();
        int previousEnd = offset;
        for (int i = 0; i < found.size(); i++) {
            int at = found.offset(i);
            if (found.buffer(i) != frame || at < previousEnd || found.length(i) <= 0
                    || found.length(i) > offset + length - at) {
                throw new MalformedFrameException(Math.max(0, at - offset), codecName() + " NAL unit " + i + " ("
                        + found.length(i) + " bytes at offset " + (at - offset) + ") is not within the " + length
                        + "-byte frame after the unit before it");
            }
            units.add(frame, at, found.length(i));
            previousEnd = at + found.length(i);
        }
        checkUnits(offset);
    }

    /** Packetizes {@link #units}, found and checked, of the frame at {@code offset}. */
    private int packetizeUnits(int offset, long rtpTimestamp, PacketSink sink) {
        int budget = payloadBudget();
        int found = keepParameterSets(offset);
        boolean hasKeyframe = (found & KEYFRAME_FLAG) != 0;
        int presentTypes = found & 0xFF;
        int allTypes = (1 << parameterSetTypeCount()) - 1;
        if (hasKeyframe && parameterSetsBeforeKeyframe && presentTypes != allTypes) {
            insertParameterSets();
        }
        if (!fragmentation) {
            checkSingleUnitsFit(offset, budget);
        }
        return emit(sink, rtpTimestamp, budget);
    }

    private void scan(ByteBuffer frame, int offset, int length) {
        if (nalLengthSize == 0) {
            units.scanAnnexB(frame, offset, length, codecName());
        } else {
            units.scanLengthPrefixed(frame, offset, length, nalLengthSize, codecName());
        }
        checkUnits(offset);
    }

    /** Checks each unit's length and header; offsets in messages count from {@code offset}. */
    private void checkUnits(int offset) {
        int headerLength = nalHeaderLength();
        for (int i = 0; i < units.size(); i++) {
            int at = units.offset(i) - offset;
            if (units.length(i) < headerLength) {
                throw new MalformedFrameException(at, codecName() + " NAL at offset " + at + " is "
                        + units.length(i) + " byte long, shorter than its " + headerLength + "-byte header");
            }
            int first = units.firstByte(i);
            if ((first & 0x80) != 0) {
                throw new MalformedFrameException(at, codecName() + " NAL at offset " + at
                        + " has forbidden_zero_bit set");
            }
            String problem = checkHeader(first, units.secondByte(i));
            if (problem != null) {
                throw new MalformedFrameException(at, codecName() + " NAL at offset " + at + " " + problem);
            }
        }
    }

    /** Keeps the unit list's parameter sets; returns count << 16 | KEYFRAME_FLAG | type bits. */
    private int keepParameterSets(int frameOffset) {
        int result = 0;
        for (int i = 0; i < units.size(); i++) {
            int type = nalType(units.firstByte(i), units.secondByte(i));
            if (isParameterSet(type)) {
                keep(type, units.buffer(i), units.offset(i), units.length(i), units.offset(i) - frameOffset);
                result = (result + (1 << 16)) | (1 << parameterSetBit(type));
            } else if (isKeyframe(type)) {
                result |= KEYFRAME_FLAG;
            }
        }
        return result;
    }

    private void keep(int type, ByteBuffer buffer, int offset, int length, int frameOffset) {
        int id;
        try {
            reader.wrap(buffer, offset + nalHeaderLength(), length - nalHeaderLength());
            id = parameterSetId(type, reader);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(frameOffset, codecName() + " parameter set (type " + type
                    + ") at offset " + frameOffset + " is malformed: " + e.getMessage());
        }
        parameterSets.update(type, id, buffer, offset, length);
    }

    /** Inserts every kept parameter set after a leading access unit delimiter. */
    private void insertParameterSets() {
        int at = 0;
        while (at < units.size() && isAccessUnitDelimiter(nalType(units.firstByte(at), units.secondByte(at)))) {
            at++;
        }
        ByteBuffer storage = parameterSets.buffer();
        for (int i = 0; i < parameterSets.count(); i++) {
            units.insert(at + i, storage, parameterSets.offset(i), parameterSets.length(i));
        }
    }

    private void checkSingleUnitsFit(int frameOffset, int budget) {
        for (int i = 0; i < units.size(); i++) {
            if (units.length(i) > budget) {
                boolean inserted = units.buffer(i) == parameterSets.buffer();
                String where = inserted ? "(a kept parameter set)" : "at offset " + (units.offset(i) - frameOffset);
                throw new MalformedFrameException(inserted ? 0 : units.offset(i) - frameOffset, codecName()
                        + " NAL of " + units.length(i) + " bytes " + where
                        + " does not fit one packet: packetization-mode 0 allows at most " + budget
                        + " payload bytes (max datagram size " + maxDatagramSize + " less a "
                        + (maxDatagramSize - budget) + "-byte RTP header)");
            }
        }
    }

    private int emit(PacketSink sink, long rtpTimestamp, int budget) {
        NalUnitList list = units;
        int count = list.size();
        int packets = 0;
        int i = 0;
        while (i < count) {
            int length = list.length(i);
            if (length > budget) {
                packets += fragment(i, i == count - 1, sink, rtpTimestamp, budget);
                i++;
                continue;
            }
            RtpPacket packet = sink.claim();
            int slotAfterHeader = packet.slotCapacity() - (maxDatagramSize - budget);
            int end = aggregation ? aggregationEnd(i, budget, slotAfterHeader) : i + 1;
            ByteBuffer slot = packet.slot();
            int base = packet.slotOffset();
            int header = stream.writeHeader(slot, base, end == count, rtpTimestamp);
            if (end - i == 1) {
                packet.addSlot(0, header);
                packet.addPayload(list.buffer(i), list.offset(i), length);
            } else {
                int index = header + aggregationHeaderLength();
                writeAggregationHeader(slot, base + header, list, i, end);
                packet.addSlot(0, index);
                for (int k = i; k < end; k++) {
                    int unitLength = list.length(k);
                    Bytes.put16(slot, base + index, unitLength);
                    packet.addSlot(index, AGGREGATION_LENGTH_SIZE);
                    packet.addPayload(list.buffer(k), list.offset(k), unitLength);
                    index += AGGREGATION_LENGTH_SIZE;
                }
            }
            sink.commit(packet);
            packets++;
            i = end;
        }
        return packets;
    }

    /** End (exclusive) of the run of units from {@code from} that fit one aggregation packet. */
    private int aggregationEnd(int from, int budget, int slotAfterHeader) {
        int count = units.size();
        int size = aggregationHeaderLength() + AGGREGATION_LENGTH_SIZE + units.length(from);
        int slotRoom = slotAfterHeader - aggregationHeaderLength() - AGGREGATION_LENGTH_SIZE;
        int end = from + 1;
        while (end < count && slotRoom >= AGGREGATION_LENGTH_SIZE) {
            int grown = size + AGGREGATION_LENGTH_SIZE + units.length(end);
            if (grown > budget) {
                break;
            }
            size = grown;
            slotRoom -= AGGREGATION_LENGTH_SIZE;
            end++;
        }
        return end;
    }

    private int fragment(int unit, boolean lastUnit, PacketSink sink, long rtpTimestamp, int budget) {
        ByteBuffer buffer = units.buffer(unit);
        int offset = units.offset(unit);
        int firstByte = units.firstByte(unit);
        int secondByte = units.secondByte(unit);
        int headerLength = nalHeaderLength();
        int fragmentHeader = fragmentHeaderLength();
        int remaining = units.length(unit) - headerLength;
        int capacity = budget - fragmentHeader;
        int count = EqualSplit.count(remaining, capacity);
        int size = equalFragments ? (remaining + count - 1) / count : capacity;
        int position = offset + headerLength;
        for (int k = 0; k < count; k++) {
            boolean end = k == count - 1;
            int take = end ? remaining : size;
            RtpPacket packet = sink.claim();
            ByteBuffer slot = packet.slot();
            int base = packet.slotOffset();
            int header = stream.writeHeader(slot, base, lastUnit && end, rtpTimestamp);
            writeFragmentHeader(slot, base + header, firstByte, secondByte, k == 0, end);
            packet.addSlot(0, header + fragmentHeader);
            packet.addPayload(buffer, position, take);
            sink.commit(packet);
            position += take;
            remaining -= take;
        }
        return count;
    }

    /**
     * Options shared by the H.264 and H.265 packetizers.
     *
     * @param <B> the concrete builder
     */
    public abstract static class BaseBuilder<B extends BaseBuilder<B>> {
        private final RtpStream stream;
        private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;
        private int nalLengthSize;
        private boolean equalFragments = true;
        private boolean aggregation = true;
        private boolean fragmentation = true;
        private boolean parameterSetsBeforeKeyframe = true;

        /** For subclasses: options for packets of {@code stream}. */
        protected BaseBuilder(RtpStream stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
        }

        /** This builder, typed as the subclass. */
        protected abstract B self();

        /** Largest datagram, RTP header included (default 1200). */
        public B maxDatagramSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max datagram size must be positive, was " + bytes);
            }
            this.maxDatagramSize = bytes;
            return self();
        }

        /** Input is length-prefixed with {@code bytes}-byte prefixes (1..4); 0 (default) for Annex B. */
        public B nalLengthSize(int bytes) {
            if (bytes < 0 || bytes > 4) {
                throw new IllegalArgumentException("NAL length size must be 0 (Annex B) or 1..4, was " + bytes);
            }
            this.nalLengthSize = bytes;
            return self();
        }

        /** Equal-size fragments (default) or, when false, greedy fragments filled to the limit. */
        public B equalFragments(boolean equal) {
            this.equalFragments = equal;
            return self();
        }

        /** Aggregate consecutive small NAL units (STAP-A / AP) where they fit (default true). */
        public B aggregation(boolean aggregate) {
            this.aggregation = aggregate;
            return self();
        }

        /** Send the kept parameter sets before a keyframe that lacks them (default true). */
        public B parameterSetsBeforeKeyframe(boolean send) {
            this.parameterSetsBeforeKeyframe = send;
            return self();
        }

        /** Allow fragmentation; false means every NAL unit must fit one packet. */
        protected B fragmentation(boolean fragment) {
            this.fragmentation = fragment;
            return self();
        }
    }
}
