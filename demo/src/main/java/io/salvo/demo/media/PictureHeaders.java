package io.salvo.demo.media;

import java.nio.ByteBuffer;

/**
 * What {@link AnnexBSource} needs from one codec's headers: NAL types, access unit boundaries,
 * the picture order count of each picture (from its first slice), and from the SPS the frame
 * rate of the VUI and the reorder depth it declares.
 * Parsing errors are {@link IllegalArgumentException}s whose message the source wraps with the
 * file offset.
 */
abstract class PictureHeaders {
    /** {@link #reorderBound} when the SPS does not say. */
    static final int UNKNOWN = -1;
    /** The deepest reorder either standard allows (H.264 max_dec_frame_buffering ≤ 16). */
    static final int MAX_REORDER = 16;

    /** Frame rate numerator from the VUI timing info, or 0 if there is none. */
    long frameRateNumerator;
    /** Frame rate denominator from the VUI timing info. */
    long frameRateDenominator = 1;
    /** False once a picture's order could not be derived (pictures are then taken in decode order). */
    boolean orderKnown = true;
    /**
     * The most pictures that may precede a picture in decode order and follow it in output order,
     * as the last SPS declares it (or implies it: none for H.264 POC types 1 and 2), or
     * {@link #UNKNOWN} when it does not say.
     */
    int reorderBound = UNKNOWN;

    /** NAL unit type of the unit starting at {@code offset}. */
    abstract int type(ByteBuffer buffer, int offset);

    /** Bytes of the NAL unit header. */
    abstract int headerLength();

    /** True for a VCL (slice) NAL type. */
    abstract boolean isVcl(int type);

    /** True for a NAL type that makes its access unit a keyframe (IDR / IRAP). */
    abstract boolean isKeyframe(int type);

    /**
     * True if this NAL unit begins a new access unit, given that the current one already holds
     * a VCL unit (H.264 §7.4.1.2.3, H.265 §7.4.2.4.4).
     */
    abstract boolean startsAccessUnit(int type, ByteBuffer buffer, int offset, int length);

    /** Reads a parameter set or, for the first slice of a picture, its picture order count. */
    abstract void unit(int type, ByteBuffer buffer, int offset, int length);

    /** Picture order count of the last picture whose first slice went through {@link #unit}. */
    abstract long pictureOrderCount();

    /** True if that picture starts a coded video sequence (POC numbering restarts). */
    abstract boolean startsSequence();
}
