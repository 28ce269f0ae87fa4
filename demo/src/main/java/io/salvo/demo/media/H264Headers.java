package io.salvo.demo.media;

import io.salvo.packetizer.RbspReader;

import java.nio.ByteBuffer;

/**
 * H.264 headers for {@link AnnexBSource}: SPS (through the VUI timing info and
 * {@code max_num_reorder_frames}), PPS and the slice header fields up to
 * {@code pic_order_cnt_lsb}. Picture order count types 0 (derived as in §8.2.1.1,
 * memory_management_control_operation 5 not handled) and 2 (output order = decode order); type 1
 * gives up ordering ({@link #orderKnown} false, pictures taken in decode order).
 */
final class H264Headers extends PictureHeaders {
    private static final int SLICE = 1;
    private static final int PARTITION_A = 2;
    private static final int IDR = 5;
    private static final int SEI = 6;
    private static final int SPS = 7;
    private static final int PPS = 8;
    private static final int AUD = 9;

    private final RbspReader reader = new RbspReader();
    private final Sps[] spsById = new Sps[32];
    private final int[] ppsToSps = new int[256];
    private final boolean[] ppsBottomFieldPicOrder = new boolean[256];
    private long prevMsb;
    private long prevLsb;
    private long poc;
    private long decodeIndexInSequence;
    private boolean sequenceStart;

    /** The SPS fields slice headers and timing need. */
    private static final class Sps {
        boolean separateColourPlane;
        int log2MaxFrameNum;
        int pocType;
        int log2MaxPocLsb;
        boolean frameMbsOnly;
    }

    H264Headers() {
        java.util.Arrays.fill(ppsToSps, -1);
    }

    @Override
    int type(ByteBuffer buffer, int offset) {
        return buffer.get(offset) & 0x1F;
    }

    @Override
    int headerLength() {
        return 1;
    }

    @Override
    boolean isVcl(int type) {
        return type >= SLICE && type <= IDR;
    }

    @Override
    boolean isKeyframe(int type) {
        return type == IDR;
    }

    @Override
    boolean startsAccessUnit(int type, ByteBuffer buffer, int offset, int length) {
        if (type == AUD || type == SEI || type == SPS || type == PPS || (type >= 14 && type <= 18)) {
            return true;
        }
        // first_mb_in_slice == 0: ue(v) of value 0 is the single bit 1
        return (type == SLICE || type == PARTITION_A || type == IDR) && length > 1
                && (buffer.get(offset + 1) & 0x80) != 0;
    }

    @Override
    void unit(int type, ByteBuffer buffer, int offset, int length) {
        reader.wrap(buffer, offset + 1, length - 1);
        if (type == SPS) {
            sps();
        } else if (type == PPS) {
            int ppsId = reader.ue("pic_parameter_set_id", 255);
            ppsToSps[ppsId] = reader.ue("seq_parameter_set_id", 31);
            reader.skip(1); // entropy_coding_mode_flag
            ppsBottomFieldPicOrder[ppsId] = reader.flag();
        } else if ((type == SLICE || type == IDR) && length > 1 && (buffer.get(offset + 1) & 0x80) != 0) {
            slice(type == IDR, (buffer.get(offset) & 0x60) != 0); // the first slice of a picture
        }
    }

    @Override
    long pictureOrderCount() {
        return poc;
    }

    @Override
    boolean startsSequence() {
        return sequenceStart;
    }

    private void sps() {
        int profile = reader.u(8);
        boolean constraintSet3 = (reader.u(8) & 0x10) != 0; // constraint_set0..5_flag, reserved_zero_2bits
        reader.skip(8); // level_idc
        int id = reader.ue("seq_parameter_set_id", 31);
        Sps sps = new Sps();
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            int chromaFormat = reader.ue("chroma_format_idc", 3);
            if (chromaFormat == 3) {
                sps.separateColourPlane = reader.flag();
            }
            reader.ue(); // bit_depth_luma_minus8
            reader.ue(); // bit_depth_chroma_minus8
            reader.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (reader.flag()) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (reader.flag()) {
                        skipScalingList(i < 6 ? 16 : 64);
                    }
                }
            }
        }
        sps.log2MaxFrameNum = reader.ue("log2_max_frame_num_minus4", 12) + 4;
        sps.pocType = reader.ue("pic_order_cnt_type", 2);
        if (sps.pocType == 0) {
            sps.log2MaxPocLsb = reader.ue("log2_max_pic_order_cnt_lsb_minus4", 12) + 4;
        } else if (sps.pocType == 1) {
            reader.skip(1); // delta_pic_order_always_zero_flag
            reader.se(); // offset_for_non_ref_pic
            reader.se(); // offset_for_top_to_bottom_field
            int cycle = reader.ue("num_ref_frames_in_pic_order_cnt_cycle", 255);
            for (int i = 0; i < cycle; i++) {
                reader.se();
            }
        }
        reader.ue(); // max_num_ref_frames
        reader.skip(1); // gaps_in_frame_num_value_allowed_flag
        reader.ue(); // pic_width_in_mbs_minus1
        reader.ue(); // pic_height_in_map_units_minus1
        sps.frameMbsOnly = reader.flag();
        if (!sps.frameMbsOnly) {
            reader.skip(1); // mb_adaptive_frame_field_flag
        }
        reader.skip(1); // direct_8x8_inference_flag
        if (reader.flag()) { // frame_cropping_flag
            reader.ue();
            reader.ue();
            reader.ue();
            reader.ue();
        }
        spsById[id] = sps;
        boolean intraProfile = constraintSet3 && (profile == 44 || profile == 86 || profile == 100
                || profile == 110 || profile == 122 || profile == 244);
        // §E.2.1: without bitstream_restriction, intra profiles reorder nothing; POC types 1, 2 follow decode order
        reorderBound = sps.pocType != 0 || intraProfile ? 0 : UNKNOWN;
        if (reader.flag()) { // vui_parameters_present_flag
            vuiTiming();
            try {
                int declared = bitstreamRestriction();
                if (sps.pocType == 0 && declared != UNKNOWN) {
                    reorderBound = declared;
                }
            } catch (IllegalArgumentException e) {
                // a VUI cut short after the timing info: timing stands, the reorder bound stays as inferred
            }
        }
    }

    private void skipScalingList(int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (int) ((last + reader.se() + 256) % 256);
            }
            last = next == 0 ? last : next;
        }
    }

    private void vuiTiming() {
        if (reader.flag() && reader.u(8) == 255) { // aspect_ratio_info_present_flag, aspect_ratio_idc
            reader.skip(32); // sar_width, sar_height
        }
        if (reader.flag()) { // overscan_info_present_flag
            reader.skip(1);
        }
        if (reader.flag()) { // video_signal_type_present_flag
            reader.skip(4);
            if (reader.flag()) { // colour_description_present_flag
                reader.skip(24);
            }
        }
        if (reader.flag()) { // chroma_loc_info_present_flag
            reader.ue();
            reader.ue();
        }
        if (reader.flag()) { // timing_info_present_flag
            long unitsInTick = reader.bits(32);
            long timeScale = reader.bits(32);
            if (unitsInTick > 0 && timeScale > 0) {
                frameRateNumerator = timeScale;
                frameRateDenominator = 2 * unitsInTick;
            }
            reader.skip(1); // fixed_frame_rate_flag
        }
    }

    /** The rest of the VUI: {@code max_num_reorder_frames} if present (and at most 16), else UNKNOWN. */
    private int bitstreamRestriction() {
        boolean nalHrd = reader.flag();
        if (nalHrd) {
            skipHrdParameters();
        }
        boolean vclHrd = reader.flag();
        if (vclHrd) {
            skipHrdParameters();
        }
        if (nalHrd || vclHrd) {
            reader.skip(1); // low_delay_hrd_flag
        }
        reader.skip(1); // pic_struct_present_flag
        if (!reader.flag()) { // bitstream_restriction_flag
            return UNKNOWN;
        }
        reader.skip(1); // motion_vectors_over_pic_boundaries_flag
        reader.ue(); // max_bytes_per_pic_denom
        reader.ue(); // max_bits_per_mb_denom
        reader.ue(); // log2_max_mv_length_horizontal
        reader.ue(); // log2_max_mv_length_vertical
        long reorder = reader.ue(); // max_num_reorder_frames
        return reorder <= MAX_REORDER ? (int) reorder : UNKNOWN;
    }

    private void skipHrdParameters() {
        int count = reader.ue("cpb_cnt_minus1", 31) + 1;
        reader.skip(8); // bit_rate_scale, cpb_size_scale
        for (int i = 0; i < count; i++) {
            reader.ue(); // bit_rate_value_minus1
            reader.ue(); // cpb_size_value_minus1
            reader.skip(1); // cbr_flag
        }
        reader.skip(20); // initial_cpb_removal_delay_length_minus1, cpb_removal_delay_length_minus1,
        // dpb_output_delay_length_minus1, time_offset_length
    }

    private void slice(boolean idr, boolean reference) {
        reader.ue(); // first_mb_in_slice
        reader.ue(); // slice_type
        int ppsId = reader.ue("pic_parameter_set_id", 255);
        int spsId = ppsToSps[ppsId];
        Sps sps = spsId < 0 ? null : spsById[spsId];
        if (sps == null) {
            throw new IllegalArgumentException("slice refers to PPS " + ppsId + " before any SPS/PPS for it");
        }
        if (sps.separateColourPlane) {
            reader.skip(2);
        }
        reader.skip(sps.log2MaxFrameNum); // frame_num
        boolean field = false;
        if (!sps.frameMbsOnly) {
            field = reader.flag();
            if (field) {
                reader.skip(1); // bottom_field_flag
            }
        }
        if (idr) {
            reader.ue(); // idr_pic_id
            prevMsb = 0;
            prevLsb = 0;
            decodeIndexInSequence = 0;
        }
        sequenceStart = idr;
        if (sps.pocType == 0) {
            long lsb = reader.bits(sps.log2MaxPocLsb);
            long max = 1L << sps.log2MaxPocLsb;
            long msb = prevMsb;
            if (lsb < prevLsb && prevLsb - lsb >= max / 2) {
                msb = prevMsb + max;
            } else if (lsb > prevLsb && lsb - prevLsb > max / 2) {
                msb = prevMsb - max;
            }
            poc = msb + lsb;
            if (reference) {
                prevMsb = msb;
                prevLsb = lsb;
            }
        } else {
            if (sps.pocType == 1) {
                orderKnown = false;
            }
            poc = decodeIndexInSequence;
        }
        decodeIndexInSequence++;
    }
}
