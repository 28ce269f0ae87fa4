package io.salvo.packetizer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Parses an AV1 temporal unit in low-overhead bitstream format (AV1 §5.2: OBUs with
 * {@code obu_has_size_field = 1}; the last OBU may omit its size and run to the end) into the
 * list of OBU elements the RTP payload carries: temporal delimiters, tile lists and padding are
 * dropped, and each kept OBU is its header with {@code obu_has_size_field} cleared plus its
 * payload as an offset/length in the frame. Also notes whether the unit starts a coded video
 * sequence (a sequence header and a key frame) and the sequence header's profile, level and
 * tier. Reusable: the arrays grow to the largest unit seen, then nothing is allocated.
 *
 * <pre>
 * OBU header: |F| type (4) |X|S|R|   then if X: | tid (3) | sid (2) | reserved (3) |
 *             then if S: obu_size (LEB128), then obu_size payload bytes
 * </pre>
 */
final class Av1TemporalUnit {
    private static final int FORBIDDEN_BIT = 0x80;
    private static final int EXTENSION_FLAG = 0x04;
    private static final int HAS_SIZE_FIELD = 0x02;
    private static final int KEY_FRAME = 0;

    private final BitReader reader = new BitReader();
    int count;
    /** Rewritten OBU header: byte 0 in bits 0-7, extension byte in bits 8-15. */
    int[] headers = new int[16];
    int[] headerLengths = new int[16];
    int[] payloadOffsets = new int[16];
    int[] payloadLengths = new int[16];
    /** {@code tid << 2 | sid} of OBUs with an extension header, else -1. */
    int[] layers = new int[16];
    /** Bytes of all elements (headers and payloads). */
    int totalBytes;
    boolean startsCodedVideoSequence;
    /** From the last sequence header seen, in this unit or an earlier one; -1 before any. */
    int profile = -1;
    int level = -1;
    int tier = -1;
    private boolean reducedStillPictureHeader;
    private int pendingProfile;
    private int pendingLevel;
    private int pendingTier;
    private boolean pendingReduced;

    /** Size of element {@code i}: header plus payload. */
    int elementSize(int i) {
        return headerLengths[i] + payloadLengths[i];
    }

    /**
     * Parses the {@code length}-byte temporal unit at {@code offset}.
     *
     * @throws IllegalArgumentException naming the OBU's offset and the problem; the sequence
     *                                  header values stay as they were
     */
    void parse(ByteBuffer frame, int offset, int length) {
        count = 0;
        totalBytes = 0;
        boolean sequenceHeader = false;
        boolean frameSeen = false;
        boolean keyframe = false;
        int end = offset + length;
        int at = offset;
        while (at < end) {
            int obuOffset = at;
            int byte0 = frame.get(at++) & 0xFF;
            if ((byte0 & FORBIDDEN_BIT) != 0) {
                throw error(obuOffset, offset, "obu_forbidden_bit is 1");
            }
            int type = (byte0 >>> 3) & 0xF;
            int header = byte0 & ~HAS_SIZE_FIELD;
            int headerLength = 1;
            int layer = -1;
            if ((byte0 & EXTENSION_FLAG) != 0) {
                if (at >= end) {
                    throw error(obuOffset, offset, "extension header runs past the end of the " + length
                            + "-byte temporal unit");
                }
                int byte1 = frame.get(at++) & 0xFF;
                header |= byte1 << 8;
                headerLength = 2;
                layer = byte1 >>> 3;
            }
            int payloadLength;
            if ((byte0 & HAS_SIZE_FIELD) != 0) {
                long leb = Leb128.read(frame, at, end);
                if (leb == Leb128.TRUNCATED) {
                    throw error(obuOffset, offset, "obu_size runs past the end of the " + length + "-byte temporal unit");
                }
                if (leb == Leb128.TOO_LARGE) {
                    throw error(obuOffset, offset, "obu_size is longer than 8 bytes or above 2^32 - 1");
                }
                at += Leb128.length(leb);
                long size = Leb128.value(leb);
                if (size > end - at) {
                    throw error(obuOffset, offset, "obu_size " + size + " runs past the end of the " + length
                            + "-byte temporal unit");
                }
                payloadLength = (int) size;
            } else {
                payloadLength = end - at;
            }
            int payloadOffset = at;
            at += payloadLength;
            if (type == Av1Packetizer.OBU_TEMPORAL_DELIMITER || type == Av1Packetizer.OBU_TILE_LIST
                    || type == Av1Packetizer.OBU_PADDING) {
                continue;
            }
            if (type == Av1Packetizer.OBU_SEQUENCE_HEADER) {
                sequenceHeader(frame, payloadOffset, payloadLength, obuOffset, offset);
                sequenceHeader = true;
            } else if (!frameSeen && (type == Av1Packetizer.OBU_FRAME_HEADER || type == Av1Packetizer.OBU_FRAME)) {
                frameSeen = true;
                boolean reduced = sequenceHeader ? pendingReduced : reducedStillPictureHeader;
                keyframe = isKeyFrame(frame, payloadOffset, payloadLength, reduced, obuOffset, offset);
            }
            add(header, headerLength, payloadOffset, payloadLength, layer);
        }
        startsCodedVideoSequence = sequenceHeader && keyframe;
        if (sequenceHeader) {
            profile = pendingProfile;
            level = pendingLevel;
            tier = pendingTier;
            reducedStillPictureHeader = pendingReduced;
        }
    }

    private void add(int header, int headerLength, int payloadOffset, int payloadLength, int layer) {
        if (count == headers.length) {
            int grown = count * 2;
            headers = Arrays.copyOf(headers, grown);
            headerLengths = Arrays.copyOf(headerLengths, grown);
            payloadOffsets = Arrays.copyOf(payloadOffsets, grown);
            payloadLengths = Arrays.copyOf(payloadLengths, grown);
            layers = Arrays.copyOf(layers, grown);
        }
        headers[count] = header;
        headerLengths[count] = headerLength;
        payloadOffsets[count] = payloadOffset;
        payloadLengths[count] = payloadLength;
        layers[count] = layer;
        totalBytes += headerLength + payloadLength;
        count++;
    }

    /** AV1 §5.5.1 up to seq_tier[0]. */
    private void sequenceHeader(ByteBuffer frame, int at, int length, int obuOffset, int unitOffset) {
        BitReader r = reader.wrap(frame, at, length);
        int seqProfile = (int) r.bits(3);
        r.skip(1);
        boolean reduced = r.flag();
        int seqLevel;
        int seqTier = 0;
        if (reduced) {
            seqLevel = (int) r.bits(5);
        } else {
            boolean decoderModelInfo = false;
            if (r.flag()) {
                r.skip(64);
                if (r.flag()) {
                    r.uvlc();
                }
                decoderModelInfo = r.flag();
                if (decoderModelInfo) {
                    r.skip(5 + 32 + 5 + 5);
                }
            }
            r.skip(1 + 5 + 12);
            seqLevel = (int) r.bits(5);
            if (seqLevel > 7) {
                seqTier = r.bit();
            }
        }
        if (r.overrun()) {
            throw error(obuOffset, unitOffset, "sequence header of " + length + " bytes is truncated");
        }
        pendingProfile = seqProfile;
        pendingLevel = seqLevel;
        pendingTier = seqTier;
        pendingReduced = reduced;
    }

    /** AV1 §5.9.2: show_existing_frame f(1), frame_type f(2); always a key frame with a reduced header. */
    private static boolean isKeyFrame(ByteBuffer frame, int at, int length, boolean reduced, int obuOffset,
                                      int unitOffset) {
        if (reduced) {
            return true;
        }
        if (length < 1) {
            throw error(obuOffset, unitOffset, "frame header is empty");
        }
        int first = frame.get(at) & 0xFF;
        boolean showExistingFrame = (first & 0x80) != 0;
        return !showExistingFrame && ((first >>> 5) & 3) == KEY_FRAME;
    }

    private static IllegalArgumentException error(int obuOffset, int unitOffset, String problem) {
        return new IllegalArgumentException("AV1 OBU at offset " + obuOffset + " (byte " + (obuOffset - unitOffset)
                + " of the temporal unit): " + problem);
    }
}
