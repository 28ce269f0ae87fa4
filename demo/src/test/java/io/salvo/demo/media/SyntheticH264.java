package io.salvo.demo.media;

import java.io.ByteArrayOutputStream;

/**
 * Tiny H.264 Annex B streams with picture order count type 0, for testing how
 * {@link AnnexBSource} orders pictures: each picture is one slice whose header carries the POC
 * given, followed by a filler byte for slice data, with emulation prevention bytes where needed.
 */
final class SyntheticH264 {
    /** 4-byte start code. */
    static final byte[] START = {0, 0, 0, 1};
    /** No bitstream_restriction in the VUI. */
    static final int UNDECLARED = -1;
    /** log2_max_pic_order_cnt_lsb of the SPS. */
    static final int LOG2_MAX_POC_LSB = 16;

    private SyntheticH264() {
    }

    /**
     * SPS id 0, Baseline, frame_num 4 bits, POC type 0 with 16-bit LSBs, VUI with timing 25 fps
     * and, unless {@code reorder} is {@link #UNDECLARED}, bitstream_restriction declaring
     * {@code max_num_reorder_frames = reorder}.
     */
    static byte[] sps(int reorder) {
        BitWriter w = new BitWriter()
                .u(8, 0x67) // forbidden_zero_bit 0, nal_ref_idc 3, nal_unit_type 7 (SPS)
                .u(8, 66) // profile_idc: Baseline
                .u(8, 0xC0) // constraint_set0_flag, constraint_set1_flag
                .u(8, 30) // level_idc 3.0
                .ue(0) // seq_parameter_set_id
                .ue(0) // log2_max_frame_num_minus4: 4 bits
                .ue(0) // pic_order_cnt_type 0
                .ue(LOG2_MAX_POC_LSB - 4) // log2_max_pic_order_cnt_lsb_minus4
                .ue(4) // max_num_ref_frames
                .u(1, 0) // gaps_in_frame_num_value_allowed_flag
                .ue(1) // pic_width_in_mbs_minus1
                .ue(1) // pic_height_in_map_units_minus1
                .u(1, 1) // frame_mbs_only_flag
                .u(1, 1) // direct_8x8_inference_flag
                .u(1, 0) // frame_cropping_flag
                .u(1, 1) // vui_parameters_present_flag
                .u(1, 0) // aspect_ratio_info_present_flag
                .u(1, 0) // overscan_info_present_flag
                .u(1, 0) // video_signal_type_present_flag
                .u(1, 0) // chroma_loc_info_present_flag
                .u(1, 1) // timing_info_present_flag
                .u(32, 1) // num_units_in_tick
                .u(32, 50) // time_scale: 50 / (2 × 1) = 25 fps
                .u(1, 1) // fixed_frame_rate_flag
                .u(1, 0) // nal_hrd_parameters_present_flag
                .u(1, 0) // vcl_hrd_parameters_present_flag
                .u(1, 0); // pic_struct_present_flag
        if (reorder == UNDECLARED) {
            w.u(1, 0); // bitstream_restriction_flag
        } else {
            w.u(1, 1) // bitstream_restriction_flag
                    .u(1, 1) // motion_vectors_over_pic_boundaries_flag
                    .ue(2) // max_bytes_per_pic_denom
                    .ue(1) // max_bits_per_mb_denom
                    .ue(16) // log2_max_mv_length_horizontal
                    .ue(16) // log2_max_mv_length_vertical
                    .ue(reorder) // max_num_reorder_frames
                    .ue(4); // max_dec_frame_buffering
        }
        return escape(w.finish());
    }

    /** PPS id 0 for SPS 0. */
    static byte[] pps() {
        return new BitWriter()
                .u(8, 0x68) // nal_ref_idc 3, nal_unit_type 8 (PPS)
                .ue(0) // pic_parameter_set_id
                .ue(0) // seq_parameter_set_id
                .u(1, 0) // entropy_coding_mode_flag
                .u(1, 0) // bottom_field_pic_order_in_frame_present_flag
                .ue(0) // num_slice_groups_minus1
                .finish();
    }

    /** Access unit delimiter, primary_pic_type 7 (any). */
    static byte[] aud() {
        return new BitWriter().u(8, 0x09).u(3, 7).finish();
    }

    /** The single (reference) slice of a picture with picture order count {@code poc}. */
    static byte[] slice(boolean idr, long poc) {
        BitWriter w = new BitWriter()
                .u(8, idr ? 0x65 : 0x61) // nal_ref_idc 3, nal_unit_type 5 (IDR) or 1 (non-IDR slice)
                .ue(0) // first_mb_in_slice: a new picture
                .ue(idr ? 7 : 5) // slice_type: I or P (all slices)
                .ue(0) // pic_parameter_set_id
                .u(4, 0); // frame_num (not read)
        if (idr) {
            w.ue(0); // idr_pic_id
        }
        return escape(w.u(LOG2_MAX_POC_LSB, poc & ((1 << LOG2_MAX_POC_LSB) - 1)) // pic_order_cnt_lsb
                .u(8, 0xAB) // slice data
                .finish());
    }

    /** Inserts emulation prevention bytes: {@code 00 00 0x} (x ≤ 3) becomes {@code 00 00 03 0x}. */
    static byte[] escape(byte[] unit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte b : unit) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /**
     * SPS, PPS, then one picture per entry of {@code pocs} (decode order); a picture whose POC is 0
     * is an IDR (a new coded video sequence).
     */
    static byte[] stream(int reorder, long... pocs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        add(out, sps(reorder));
        add(out, pps());
        for (long poc : pocs) {
            add(out, slice(poc == 0, poc));
        }
        return out.toByteArray();
    }

    /** {@code units}, each after a 4-byte start code. */
    static byte[] join(byte[]... units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            add(out, unit);
        }
        return out.toByteArray();
    }

    private static void add(ByteArrayOutputStream out, byte[] unit) {
        out.writeBytes(START);
        out.writeBytes(unit);
    }
}
