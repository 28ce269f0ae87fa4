package io.salvo.packetizer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code AVCDecoderConfigurationRecord} (the {@code avcC} box of ISO/IEC 14496-15 §5.3.3):
 * the NAL length size of the samples and the SPS/PPS they need.
 *
 * <pre>
 * u8  configurationVersion = 1
 * u8  AVCProfileIndication, profile_compatibility, AVCLevelIndication
 * u8  111111b | lengthSizeMinusOne (2 bits)
 * u8  111b | numOfSequenceParameterSets (5 bits),  then each: u16 length, SPS NAL unit
 * u8  numOfPictureParameterSets,                   then each: u16 length, PPS NAL unit
 * (profile-specific extensions follow for high profiles; ignored)
 * </pre>
 */
public final class AvcConfig {
    private final int profile;
    private final int level;
    private final int nalLengthSize;
    private final List<byte[]> parameterSets;

    private AvcConfig(int profile, int level, int nalLengthSize, List<byte[]> parameterSets) {
        this.profile = profile;
        this.level = level;
        this.nalLengthSize = nalLengthSize;
        this.parameterSets = parameterSets;
    }

    /**
     * Parses the record between {@code record}'s position and limit (the box payload, without
     * the box header); the buffer's position is not moved.
     *
     * @throws MalformedFrameException naming the offset and problem
     */
    public static AvcConfig parse(ByteBuffer record) {
        ConfigReader in = new ConfigReader(record, "avcC");
        int version = in.u8("configurationVersion");
        if (version != 1) {
            throw new MalformedFrameException(0, "avcC configurationVersion is " + version + ", expected 1");
        }
        int profile = in.u8("AVCProfileIndication");
        in.u8("profile_compatibility");
        int level = in.u8("AVCLevelIndication");
        int nalLengthSize = (in.u8("lengthSizeMinusOne") & 0x03) + 1;
        if (nalLengthSize == 3) {
            throw new MalformedFrameException(4, "avcC lengthSizeMinusOne is 2, which is not allowed");
        }
        List<byte[]> sets = new ArrayList<>();
        int spsCount = in.u8("numOfSequenceParameterSets") & 0x1F;
        for (int i = 0; i < spsCount; i++) {
            sets.add(in.nalUnit("SPS " + i));
        }
        int ppsCount = in.u8("numOfPictureParameterSets");
        for (int i = 0; i < ppsCount; i++) {
            sets.add(in.nalUnit("PPS " + i));
        }
        return new AvcConfig(profile, level, nalLengthSize, List.copyOf(sets));
    }

    /** AVCProfileIndication (profile_idc). */
    public int profile() {
        return profile;
    }

    /** AVCLevelIndication (level_idc). */
    public int level() {
        return level;
    }

    /** Bytes of each sample's NAL length prefixes: 1, 2 or 4. */
    public int nalLengthSize() {
        return nalLengthSize;
    }

    /** The SPS then PPS NAL units (headers included), as copies. */
    public List<byte[]> parameterSets() {
        List<byte[]> copies = new ArrayList<>(parameterSets.size());
        for (byte[] set : parameterSets) {
            copies.add(set.clone());
        }
        return copies;
    }
}
