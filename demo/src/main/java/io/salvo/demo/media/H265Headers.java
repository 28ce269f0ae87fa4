package io.salvo.demo.media;

import io.salvo.packetizer.H265Packetizer;
import io.salvo.packetizer.RbspReader;

import java.nio.ByteBuffer;

/**
 * H.265 headers for {@link AnnexBSource}: SPS (through {@code vui_timing_info}, with
 * {@code sps_max_num_reorder_pics} of the highest sub-layer), PPS (the fields
 * before the slice header's POC) and {@code slice_pic_order_cnt_lsb}, with the picture order
 * count derived as in §8.3.1 (prevTid0Pic; IDR, BLA and the first CRA start a sequence).
 */
final class H265Headers extends PictureHeaders {
    private static final int RADL_N = 6;
    private static final int RASL_R = 9;
    private static final int BLA_W_LP = 16;
    private static final int IDR_W_RADL = 19;
    private static final int IDR_N_LP = 20;
    private static final int CRA = 21;
    private static final int IRAP_LAST = 23;
    private static final int VPS = 32;
    private static final int SPS = 33;
    private static final int PPS = 34;
    private static final int AUD = 35;
    private static final int EOS = 36;
    private static final int PREFIX_SEI = 39;

    private final RbspReader reader = new RbspReader();
    private final Sps[] spsById = new Sps[16];
    private final int[] ppsToSps = new int[64];
    private final boolean[] ppsOutputFlagPresent = new boolean[64];
    private final int[] ppsExtraSliceHeaderBits = new int[64];
    private long prevTid0Poc;
    private long poc;
    private boolean sequenceStart;
    private boolean firstPicture = true;
    private boolean afterEndOfSequence;

    /** The SPS fields slice headers need. */
    private static final class Sps {
        boolean separateColourPlane;
        int log2MaxPocLsb;
    }

    H265Headers() {
        java.util.Arrays.fill(ppsToSps, -1);
    }

    @Override
    int type(ByteBuffer buffer, int offset) {
        return H265Packetizer.type(buffer.get(offset) & 0xFF);
    }

    @Override
    int headerLength() {
        return 2;
    }

    @Override
    boolean isVcl(int type) {
        return type < VPS;
    }

    @Override
    boolean isKeyframe(int type) {
        return type >= BLA_W_LP && type <= IRAP_LAST;
    }

    @Override
    boolean startsAccessUnit(int type, ByteBuffer buffer, int offset, int length) {
        if (type == AUD || type == VPS || type == SPS || type == PPS || type == PREFIX_SEI
                || (type >= 41 && type <= 44) || (type >= 48 && type <= 55)) {
            return true;
        }
        // first_slice_segment_in_pic_flag
        return type < VPS && length > 2 && (buffer.get(offset + 2) & 0x80) != 0;
    }

    @Override
    void unit(int type, ByteBuffer buffer, int offset, int length) {
        if (type == EOS) {
            afterEndOfSequence = true;
            return;
        }
        reader.wrap(buffer, offset + 2, length - 2);
        if (type == SPS) {
            sps();
        } else if (type == PPS) {
            int ppsId = reader.ue("pps_pic_parameter_set_id", 63);
            ppsToSps[ppsId] = reader.ue("pps_seq_parameter_set_id", 15);
            reader.skip(1); // dependent_slice_segments_enabled_flag
            ppsOutputFlagPresent[ppsId] = reader.flag();
            ppsExtraSliceHeaderBits[ppsId] = reader.u(3);
        } else if (type < VPS && length > 2 && (buffer.get(offset + 2) & 0x80) != 0) {
            slice(type, buffer.get(offset + 1) & 0x07);
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
        reader.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = reader.u(3);
        reader.skip(1); // sps_temporal_id_nesting_flag
        H265Packetizer.skipProfileTierLevel(reader, maxSubLayersMinus1);
        int id = reader.ue("sps_seq_parameter_set_id", 15);
        Sps sps = new Sps();
        int chromaFormat = reader.ue("chroma_format_idc", 3);
        if (chromaFormat == 3) {
            sps.separateColourPlane = reader.flag();
        }
        reader.ue(); // pic_width_in_luma_samples
        reader.ue(); // pic_height_in_luma_samples
        if (reader.flag()) { // conformance_window_flag
            reader.ue();
            reader.ue();
            reader.ue();
            reader.ue();
        }
        reader.ue(); // bit_depth_luma_minus8
        reader.ue(); // bit_depth_chroma_minus8
        sps.log2MaxPocLsb = reader.ue("log2_max_pic_order_cnt_lsb_minus4", 12) + 4;
        spsById[id] = sps;
        boolean orderingInfo = reader.flag();
        long reorder = 0;
        for (int i = orderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            reader.ue(); // sps_max_dec_pic_buffering_minus1
            reorder = reader.ue(); // sps_max_num_reorder_pics: the highest sub-layer's comes last
            reader.ue(); // sps_max_latency_increase_plus1
        }
        reorderBound = reorder <= MAX_REORDER ? (int) reorder : UNKNOWN;
        for (int i = 0; i < 6; i++) { // coding block, transform block sizes and depths
            reader.ue();
        }
        if (reader.flag() && reader.flag()) { // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
            skipScalingListData();
        }
        reader.skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
        if (reader.flag()) { // pcm_enabled_flag
            reader.skip(8);
            reader.ue();
            reader.ue();
            reader.skip(1);
        }
        skipShortTermRefPicSets(reader.ue("num_short_term_ref_pic_sets", 64));
        if (reader.flag()) { // long_term_ref_pics_present_flag
            int count = reader.ue("num_long_term_ref_pics_sps", 32);
            for (int i = 0; i < count; i++) {
                reader.skip(sps.log2MaxPocLsb + 1);
            }
        }
        reader.skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
        if (reader.flag()) { // vui_parameters_present_flag
            vuiTiming();
        }
    }

    private void skipScalingListData() {
        for (int size = 0; size < 4; size++) {
            for (int matrix = 0; matrix < 6; matrix += size == 3 ? 3 : 1) {
                if (!reader.flag()) { // scaling_list_pred_mode_flag
                    reader.ue(); // scaling_list_pred_matrix_id_delta
                } else {
                    int coefficients = Math.min(64, 1 << (4 + (size << 1)));
                    if (size > 1) {
                        reader.se(); // scaling_list_dc_coef_minus8
                    }
                    for (int i = 0; i < coefficients; i++) {
                        reader.se();
                    }
                }
            }
        }
    }

    private void skipShortTermRefPicSets(int count) {
        int[] deltaPocs = new int[count];
        for (int i = 0; i < count; i++) {
            if (i != 0 && reader.flag()) { // inter_ref_pic_set_prediction_flag
                reader.skip(1); // delta_rps_sign
                reader.ue(); // abs_delta_rps_minus1
                int used = 0;
                for (int j = 0; j <= deltaPocs[i - 1]; j++) {
                    boolean usedByCurrent = reader.flag();
                    if (usedByCurrent || reader.flag()) { // use_delta_flag
                        used++;
                    }
                }
                deltaPocs[i] = used;
            } else {
                int negative = reader.ue("num_negative_pics", 16);
                int positive = reader.ue("num_positive_pics", 16);
                for (int j = 0; j < negative + positive; j++) {
                    reader.ue(); // delta_poc_s*_minus1
                    reader.skip(1); // used_by_curr_pic_s*_flag
                }
                deltaPocs[i] = negative + positive;
            }
        }
    }

    private void vuiTiming() {
        if (reader.flag() && reader.u(8) == 255) { // aspect_ratio_info_present_flag, aspect_ratio_idc
            reader.skip(32);
        }
        if (reader.flag()) { // overscan_info_present_flag
            reader.skip(1);
        }
        if (reader.flag()) { // video_signal_type_present_flag
            reader.skip(4);
            if (reader.flag()) {
                reader.skip(24);
            }
        }
        if (reader.flag()) { // chroma_loc_info_present_flag
            reader.ue();
            reader.ue();
        }
        reader.skip(3); // neutral_chroma, field_seq, frame_field_info_present
        if (reader.flag()) { // default_display_window_flag
            reader.ue();
            reader.ue();
            reader.ue();
            reader.ue();
        }
        if (reader.flag()) { // vui_timing_info_present_flag
            long unitsInTick = reader.bits(32);
            long timeScale = reader.bits(32);
            if (unitsInTick > 0 && timeScale > 0) {
                frameRateNumerator = timeScale;
                frameRateDenominator = unitsInTick;
            }
        }
    }

    private void slice(int type, int temporalIdPlus1) {
        reader.skip(1); // first_slice_segment_in_pic_flag
        boolean irap = type >= BLA_W_LP && type <= IRAP_LAST;
        if (irap) {
            reader.skip(1); // no_output_of_prior_pics_flag
        }
        int ppsId = reader.ue("slice_pic_parameter_set_id", 63);
        int spsId = ppsToSps[ppsId];
        Sps sps = spsId < 0 ? null : spsById[spsId];
        if (sps == null) {
            throw new IllegalArgumentException("slice refers to PPS " + ppsId + " before any SPS/PPS for it");
        }
        reader.skip(ppsExtraSliceHeaderBits[ppsId]);
        reader.ue(); // slice_type
        if (ppsOutputFlagPresent[ppsId]) {
            reader.skip(1);
        }
        if (sps.separateColourPlane) {
            reader.skip(2);
        }
        boolean idr = type == IDR_W_RADL || type == IDR_N_LP;
        long lsb = idr ? 0 : reader.bits(sps.log2MaxPocLsb);
        boolean noRaslOutput = idr || (type >= BLA_W_LP && type < IDR_W_RADL)
                || (type == CRA && (firstPicture || afterEndOfSequence));
        long msb;
        if (irap && noRaslOutput) {
            msb = 0;
        } else {
            long max = 1L << sps.log2MaxPocLsb;
            long prevLsb = prevTid0Poc & (max - 1);
            long prevMsb = prevTid0Poc - prevLsb;
            if (lsb < prevLsb && prevLsb - lsb >= max / 2) {
                msb = prevMsb + max;
            } else if (lsb > prevLsb && lsb - prevLsb > max / 2) {
                msb = prevMsb - max;
            } else {
                msb = prevMsb;
            }
        }
        poc = msb + lsb;
        sequenceStart = irap && noRaslOutput;
        boolean subLayerNonReference = type <= 14 && (type & 1) == 0;
        boolean radlOrRasl = type >= RADL_N && type <= RASL_R;
        if (temporalIdPlus1 == 1 && !radlOrRasl && !subLayerNonReference) {
            prevTid0Poc = poc;
        }
        firstPicture = false;
        afterEndOfSequence = false;
    }
}
