package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * H.265 over RTP (RFC 7798) without DONL (sprop-max-don-diff 0): single NAL unit packets,
 * aggregation packets (AP) of consecutive small units and fragmentation units (FU):
 *
 * <pre>
 * NAL unit header / PayloadHdr                        FU header
 * +---------------+---------------+                   +---------------+
 * |0|1|2|3|4|5|6|7|0|1|2|3|4|5|6|7|                   |0|1|2|3|4|5|6|7|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                   +-+-+-+-+-+-+-+-+
 * |F|   Type    |  LayerId  | TID |                   |S|E|  FuType   |
 * +-------------+-----------------+                   +---------------+
 *
 * AP: [PayloadHdr type 48, lowest LayerId and TID][size 16][NAL 1][size 16][NAL 2]...
 * FU: [PayloadHdr type 49, LayerId and TID of the NAL][FU header][NAL bytes after its header]
 * </pre>
 *
 * <p>The marker bit is set on the last packet of each access unit. VPS, SPS and PPS are sent
 * before every IRAP picture that lacks them (configurable). SDP parameters:
 * {@code sprop-vps}, {@code sprop-sps}, {@code sprop-pps} and, from the SPS, {@code profile-id},
 * {@code tier-flag} and {@code level-id}.
 */
public final class H265Packetizer extends NalUnitPacketizer {
    public static final int NAL_BLA_W_LP = 16;
    public static final int NAL_IDR_W_RADL = 19;
    public static final int NAL_IDR_N_LP = 20;
    public static final int NAL_CRA = 21;
    /** Last type of the IRAP range (16..23). */
    public static final int NAL_IRAP_LAST = 23;
    public static final int NAL_VPS = 32;
    public static final int NAL_SPS = 33;
    public static final int NAL_PPS = 34;
    public static final int NAL_AUD = 35;
    public static final int NAL_PREFIX_SEI = 39;
    public static final int AP = 48;
    public static final int FU = 49;
    /** FU header start bit. */
    public static final int FU_START = 0x80;
    /** FU header end bit. */
    public static final int FU_END = 0x40;

    private final RbspReader reader = new RbspReader();

    private H265Packetizer(Builder builder) {
        super(builder);
    }

    /** A builder for packets of {@code stream}. */
    public static Builder builder(RtpStream stream) {
        return new Builder(stream);
    }

    /** NAL unit type of a header whose first byte is {@code firstByte}. */
    public static int type(int firstByte) {
        return (firstByte >>> 1) & 0x3F;
    }

    /** nuh_layer_id of a two-byte NAL header. */
    public static int layerId(int firstByte, int secondByte) {
        return ((firstByte & 1) << 5) | (secondByte >>> 3);
    }

    /** TemporalId plus 1 (nuh_temporal_id_plus1) of a NAL header's second byte. */
    public static int temporalIdPlus1(int secondByte) {
        return secondByte & 0x07;
    }

    @Override
    public String encodingName() {
        return "H265";
    }

    /** {@code profile-id=..;tier-flag=..;level-id=..;sprop-vps=..;sprop-sps=..;sprop-pps=..} as known. */
    @Override
    public String formatParameters() {
        StringBuilder fmtp = new StringBuilder();
        ParameterSets sets = parameterSets();
        int sps = sets.first(NAL_SPS);
        if (sps >= 0) {
            appendProfileTierLevel(fmtp, sets, sps);
        }
        appendSets(fmtp, "sprop-vps", NAL_VPS);
        appendSets(fmtp, "sprop-sps", NAL_SPS);
        appendSets(fmtp, "sprop-pps", NAL_PPS);
        return fmtp.toString();
    }

    private void appendSets(StringBuilder fmtp, String name, int type) {
        if (parameterSets().contains(type)) {
            fmtp.append(fmtp.length() == 0 ? "" : ";").append(name).append('=')
                    .append(parameterSets().base64(type));
        }
    }

    private void appendProfileTierLevel(StringBuilder fmtp, ParameterSets sets, int sps) {
        try {
            reader.wrap(sets.buffer(), sets.offset(sps) + 2, sets.length(sps) - 2);
            reader.skip(8); // sps_video_parameter_set_id, sps_max_sub_layers_minus1, temporal_id_nesting
            reader.skip(2); // general_profile_space
            int tier = reader.u(1);
            int profile = reader.u(5);
            reader.skip(32 + 48); // compatibility flags, constraint flags
            int level = reader.u(8);
            fmtp.append("profile-id=").append(profile).append(";tier-flag=").append(tier)
                    .append(";level-id=").append(level);
        } catch (IllegalArgumentException e) {
            // an SPS too short for its profile_tier_level: leave the optional parameters out
        }
    }

    @Override
    protected String codecName() {
        return "H.265";
    }

    @Override
    protected int nalHeaderLength() {
        return 2;
    }

    @Override
    protected int fragmentHeaderLength() {
        return 3;
    }

    @Override
    protected int aggregationHeaderLength() {
        return 2;
    }

    @Override
    protected int nalType(int firstByte, int secondByte) {
        return type(firstByte);
    }

    @Override
    protected boolean isParameterSet(int type) {
        return type == NAL_VPS || type == NAL_SPS || type == NAL_PPS;
    }

    @Override
    protected boolean isKeyframe(int type) {
        return type >= NAL_BLA_W_LP && type <= NAL_IRAP_LAST;
    }

    @Override
    protected boolean isAccessUnitDelimiter(int type) {
        return type == NAL_AUD;
    }

    @Override
    protected int parameterSetTypeCount() {
        return 3;
    }

    @Override
    protected int parameterSetBit(int type) {
        return type - NAL_VPS;
    }

    @Override
    protected int parameterSetId(int type, RbspReader reader) {
        if (type == NAL_VPS) {
            return reader.u(4);
        }
        if (type == NAL_PPS) {
            return reader.ue("pps_pic_parameter_set_id", 63);
        }
        reader.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = reader.u(3);
        reader.skip(1); // sps_temporal_id_nesting_flag
        skipProfileTierLevel(reader, maxSubLayersMinus1);
        return reader.ue("sps_seq_parameter_set_id", 15);
    }

    /** Skips profile_tier_level(1, maxSubLayersMinus1) (H.265 §7.3.3). */
    public static void skipProfileTierLevel(RbspReader reader, int maxSubLayersMinus1) {
        reader.skip(96); // general profile (88 bits) and general_level_idc (8)
        int profilePresent = 0;
        int levelPresent = 0;
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent |= reader.u(1) << i;
            levelPresent |= reader.u(1) << i;
        }
        if (maxSubLayersMinus1 > 0) {
            reader.skip(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            reader.skip(((profilePresent >>> i) & 1) * 88 + ((levelPresent >>> i) & 1) * 8);
        }
    }

    @Override
    protected String checkHeader(int firstByte, int secondByte) {
        if (temporalIdPlus1(secondByte) == 0) {
            return "has nuh_temporal_id_plus1 = 0, which is forbidden";
        }
        int type = type(firstByte);
        if (type == AP || type == FU || type == 50) {
            return "has type " + type + ", which RFC 7798 reserves for the payload format";
        }
        return null;
    }

    @Override
    protected void writeFragmentHeader(ByteBuffer slot, int index, int firstByte, int secondByte,
                                       boolean start, boolean end) {
        slot.put(index, (byte) ((firstByte & 0x81) | (FU << 1)));
        slot.put(index + 1, (byte) secondByte);
        slot.put(index + 2, (byte) ((start ? FU_START : 0) | (end ? FU_END : 0) | type(firstByte)));
    }

    @Override
    protected void writeAggregationHeader(ByteBuffer slot, int index, NalUnitList units, int from, int to) {
        int layerId = 63;
        int tid = 7;
        for (int i = from; i < to; i++) {
            int first = units.firstByte(i);
            int second = units.secondByte(i);
            layerId = Math.min(layerId, layerId(first, second));
            tid = Math.min(tid, temporalIdPlus1(second));
        }
        slot.put(index, (byte) ((AP << 1) | (layerId >>> 5)));
        slot.put(index + 1, (byte) (((layerId & 0x1F) << 3) | tid));
    }

    /** Builds an {@link H265Packetizer}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private HevcConfig config;

        private Builder(RtpStream stream) {
            super(stream);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Length-prefixed input as described by an {@code hvcC} record, whose VPS/SPS/PPS are kept. */
        public Builder hevcConfig(HevcConfig config) {
            this.config = config;
            return nalLengthSize(config.nalLengthSize());
        }

        /** The packetizer. */
        public H265Packetizer build() {
            H265Packetizer packetizer = new H265Packetizer(this);
            if (config != null) {
                for (byte[] set : config.parameterSets()) {
                    packetizer.addParameterSet(ByteBuffer.wrap(set), 0, set.length);
                }
            }
            return packetizer;
        }
    }
}
