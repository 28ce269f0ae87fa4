package io.salvo.packetizer;

import io.salvo.rtp.Bytes;

import java.nio.ByteBuffer;

/**
 * H.264 over RTP (RFC 6184), packetization mode 1 (default) or 0. Packets are single NAL unit
 * packets, STAP-A aggregates of consecutive small units, or FU-A fragments:
 *
 * <pre>
 * NAL unit header / FU indicator / STAP-A header      FU header
 * +---------------+                                  +---------------+
 * |0|1|2|3|4|5|6|7|                                  |0|1|2|3|4|5|6|7|
 * +-+-+-+-+-+-+-+-+                                  +-+-+-+-+-+-+-+-+
 * |F|NRI|  Type   |  Type: NAL type, 24 STAP-A, 28   |S|E|R|  Type   |  S start, E end,
 * +---------------+        FU-A                      +---------------+  Type of the NAL
 *
 * STAP-A: [STAP-A header][size 16][NAL 1][size 16][NAL 2]...
 * FU-A:   [FU indicator (F, NRI of the NAL, 28)][FU header][NAL bytes after its header]
 * </pre>
 *
 * <p>The marker bit is set on the last packet of each access unit. SDP parameters:
 * {@code packetization-mode}, {@code profile-level-id} (bytes 1..3 of the SPS) and
 * {@code sprop-parameter-sets}.
 */
public final class H264Packetizer extends NalUnitPacketizer {
    public static final int NAL_SLICE = 1;
    public static final int NAL_IDR = 5;
    public static final int NAL_SEI = 6;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int NAL_AUD = 9;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;
    /** FU header start bit. */
    public static final int FU_START = 0x80;
    /** FU header end bit. */
    public static final int FU_END = 0x40;
    private static final int TYPE_MASK = 0x1F;
    private static final int NRI_MASK = 0x60;

    private final int packetizationMode;

    private H264Packetizer(Builder builder) {
        super(builder);
        this.packetizationMode = builder.packetizationMode;
    }

    /** A builder for packets of {@code stream}. */
    public static Builder builder(RtpStream stream) {
        return new Builder(stream);
    }

    /** Packetization mode: 1 (single, STAP-A, FU-A) or 0 (single NAL unit packets only). */
    public int packetizationMode() {
        return packetizationMode;
    }

    @Override
    public String encodingName() {
        return "H264";
    }

    /**
     * {@code packetization-mode=M;profile-level-id=PPCCLL;sprop-parameter-sets=SPS,PPS}; the last
     * two only once an SPS (and PPS) is known.
     */
    @Override
    public String formatParameters() {
        StringBuilder fmtp = new StringBuilder("packetization-mode=").append(packetizationMode);
        ParameterSets sets = parameterSets();
        int sps = sets.first(NAL_SPS);
        if (sps >= 0 && sets.length(sps) >= 4) {
            int profileLevel = Bytes.u24(sets.buffer(), sets.offset(sps) + 1);
            fmtp.append(";profile-level-id=").append(String.format("%06x", profileLevel));
        }
        if (sps >= 0) {
            fmtp.append(";sprop-parameter-sets=").append(sets.base64(NAL_SPS));
            if (sets.contains(NAL_PPS)) {
                fmtp.append(',').append(sets.base64(NAL_PPS));
            }
        }
        return fmtp.toString();
    }

    @Override
    protected String codecName() {
        return "H.264";
    }

    @Override
    protected int nalHeaderLength() {
        return 1;
    }

    @Override
    protected int fragmentHeaderLength() {
        return 2;
    }

    @Override
    protected int aggregationHeaderLength() {
        return 1;
    }

    @Override
    protected int nalType(int firstByte, int secondByte) {
        return firstByte & TYPE_MASK;
    }

    @Override
    protected boolean isParameterSet(int type) {
        return type == NAL_SPS || type == NAL_PPS;
    }

    @Override
    protected boolean isKeyframe(int type) {
        return type == NAL_IDR;
    }

    @Override
    protected boolean isAccessUnitDelimiter(int type) {
        return type == NAL_AUD;
    }

    @Override
    protected int parameterSetTypeCount() {
        return 2;
    }

    @Override
    protected int parameterSetBit(int type) {
        return type == NAL_SPS ? 0 : 1;
    }

    @Override
    protected int parameterSetId(int type, RbspReader reader) {
        if (type == NAL_SPS) {
            reader.skip(24); // profile_idc, constraint flags, level_idc
            return reader.ue("seq_parameter_set_id", 31);
        }
        return reader.ue("pic_parameter_set_id", 255);
    }

    @Override
    protected String checkHeader(int firstByte, int secondByte) {
        int type = firstByte & TYPE_MASK;
        if (type == 0 || type >= STAP_A) {
            return "has type " + type + ", which RFC 6184 reserves for the payload format";
        }
        return null;
    }

    @Override
    protected void writeFragmentHeader(ByteBuffer slot, int index, int firstByte, int secondByte,
                                       boolean start, boolean end) {
        slot.put(index, (byte) ((firstByte & ~TYPE_MASK) | FU_A));
        slot.put(index + 1, (byte) ((start ? FU_START : 0) | (end ? FU_END : 0) | (firstByte & TYPE_MASK)));
    }

    @Override
    protected void writeAggregationHeader(ByteBuffer slot, int index, NalUnitList units, int from, int to) {
        int nri = 0;
        for (int i = from; i < to; i++) {
            nri = Math.max(nri, units.firstByte(i) & NRI_MASK);
        }
        slot.put(index, (byte) (nri | STAP_A));
    }

    /** Builds an {@link H264Packetizer}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private int packetizationMode = 1;
        private AvcConfig config;

        private Builder(RtpStream stream) {
            super(stream);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Packetization mode 1 (default: single, STAP-A, FU-A) or 0 (single NAL unit packets only;
         * a NAL unit that does not fit one packet is an error naming its size and the limit).
         */
        public Builder packetizationMode(int mode) {
            if (mode != 0 && mode != 1) {
                throw new IllegalArgumentException("H.264 packetization mode must be 0 or 1 (2 is not supported), was "
                        + mode);
            }
            this.packetizationMode = mode;
            return fragmentation(mode == 1);
        }

        /** Length-prefixed input as described by an {@code avcC} record, whose SPS/PPS are kept. */
        public Builder avcConfig(AvcConfig config) {
            this.config = config;
            return nalLengthSize(config.nalLengthSize());
        }

        /** The packetizer. */
        public H264Packetizer build() {
            if (packetizationMode == 0) {
                aggregation(false);
            }
            H264Packetizer packetizer = new H264Packetizer(this);
            if (config != null) {
                for (byte[] set : config.parameterSets()) {
                    packetizer.addParameterSet(ByteBuffer.wrap(set), 0, set.length);
                }
            }
            return packetizer;
        }
    }
}
