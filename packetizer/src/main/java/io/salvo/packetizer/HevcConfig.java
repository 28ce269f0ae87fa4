package io.salvo.packetizer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code HEVCDecoderConfigurationRecord} (the {@code hvcC} box of ISO/IEC 14496-15 §8.3.3):
 * the NAL length size of the samples and the VPS/SPS/PPS (and SEI) arrays they need.
 *
 * <pre>
 * u8  configurationVersion = 1
 * u8  general_profile_space(2) general_tier_flag(1) general_profile_idc(5)
 * u32 general_profile_compatibility_flags;  u48 general_constraint_indicator_flags
 * u8  general_level_idc
 * u16 min_spatial_segmentation_idc; u8 parallelismType; u8 chromaFormat;
 * u8  bitDepthLumaMinus8; u8 bitDepthChromaMinus8; u16 avgFrameRate
 * u8  constantFrameRate(2) numTemporalLayers(3) temporalIdNested(1) lengthSizeMinusOne(2)
 * u8  numOfArrays, then each: u8 completeness(1) reserved(1) NAL_unit_type(6), u16 numNalus,
 *     then each: u16 length, NAL unit
 * </pre>
 */
public final class HevcConfig {
    private static final int FIXED_LENGTH = 22;

    private final int profile;
    private final int level;
    private final int nalLengthSize;
    private final List<byte[]> parameterSets;

    private HevcConfig(int profile, int level, int nalLengthSize, List<byte[]> parameterSets) {
        this.profile = profile;
        this.level = level;
        this.nalLengthSize = nalLengthSize;
        this.parameterSets = parameterSets;
    }

    /**
     * Parses the record between {@code record}'s position and limit (the box payload); the
     * buffer's position is not moved. Arrays of other NAL types (SEI) are skipped.
     *
     * @throws MalformedFrameException naming the offset and problem
     */
    public static HevcConfig parse(ByteBuffer record) {
        ConfigReader in = new ConfigReader(record, "hvcC");
        int version = in.u8("configurationVersion");
        if (version != 1) {
            throw new MalformedFrameException(0, "hvcC configurationVersion is " + version + ", expected 1");
        }
        int profile = in.u8("general_profile_idc") & 0x1F;
        in.skip(10, "general profile compatibility and constraint flags");
        int level = in.u8("general_level_idc");
        in.skip(FIXED_LENGTH - 1 - in.offset(), "stream properties");
        int nalLengthSize = (in.u8("lengthSizeMinusOne") & 0x03) + 1;
        if (nalLengthSize == 3) {
            throw new MalformedFrameException(FIXED_LENGTH - 1, "hvcC lengthSizeMinusOne is 2, which is not allowed");
        }
        int arrays = in.u8("numOfArrays");
        List<byte[]> sets = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            int type = in.u8("array " + a + " NAL_unit_type") & 0x3F;
            int count = in.u16("array " + a + " numNalus");
            for (int i = 0; i < count; i++) {
                byte[] nal = in.nalUnit("array " + a + " NAL " + i);
                if (type >= H265Packetizer.NAL_VPS && type <= H265Packetizer.NAL_PPS) {
                    sets.add(nal);
                }
            }
        }
        sets.sort((x, y) -> Integer.compare(H265Packetizer.type(x[0] & 0xFF), H265Packetizer.type(y[0] & 0xFF)));
        return new HevcConfig(profile, level, nalLengthSize, List.copyOf(sets));
    }

    /** general_profile_idc. */
    public int profile() {
        return profile;
    }

    /** general_level_idc. */
    public int level() {
        return level;
    }

    /** Bytes of each sample's NAL length prefixes: 1, 2 or 4. */
    public int nalLengthSize() {
        return nalLengthSize;
    }

    /** The VPS, SPS and PPS NAL units (headers included), in that order, as copies. */
    public List<byte[]> parameterSets() {
        List<byte[]> copies = new ArrayList<>(parameterSets.size());
        for (byte[] set : parameterSets) {
            copies.add(set.clone());
        }
        return copies;
    }
}
