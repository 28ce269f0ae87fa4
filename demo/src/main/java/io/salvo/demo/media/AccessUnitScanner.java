package io.salvo.demo.media;

import io.salvo.packetizer.NalUnitList;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Splits an Annex B stream into access units one at a time, for {@link AnnexBSource}: NAL units
 * are found with {@link NalUnitList#findStartCode} (word-at-a-time), their headers and first
 * slice headers go through {@link PictureHeaders}. A new access unit begins at a NAL unit that
 * {@link PictureHeaders#startsAccessUnit} says starts one, once the current unit holds a slice.
 *
 * <p>An access unit is reported once the first slice of the next one is seen, so that non-picture
 * units at the end of the file (after the last slice) join the last access unit. Each unit covers
 * its NAL units with their start codes (a 4-byte start code's leading zero included), and the
 * units tile the file from the first start code on.
 *
 * <p>An error (malformed NAL unit, unparsable header) is thrown as a {@link MediaFormatException}
 * naming the offset; an access unit that was already complete when it was found (ended by a
 * boundary before the bad unit) is reported first, and the error again on every later call.
 */
final class AccessUnitScanner {
    private final Path path;
    private final Codec codec;
    private final ByteBuffer map;
    private final int end;
    private final PictureHeaders headers;
    private final int headerLength;

    /** Position of the next start code to read, or -1 once the data is exhausted. */
    private int code;
    private int previousEnd;
    private boolean finished;
    private MediaFormatException error;
    private long units;

    // the access unit being gathered
    private int start;
    private boolean hasVcl;
    private boolean keyframe;
    private long order;
    private boolean sequenceStart;

    // an access unit ended by a boundary, reported when the next one's first slice shows up
    private boolean pending;
    private int pendingStart;
    private int pendingEnd;
    private boolean pendingKeyframe;
    private long pendingOrder;
    private boolean pendingSequenceStart;

    /** The access unit {@link #next()} found: first byte, length, IDR/IRAP, POC, starts a sequence. */
    int offset;
    int length;
    boolean unitKeyframe;
    long pictureOrder;
    boolean startsSequence;

    /**
     * Scans {@code map[0, end)} with {@code headers} (fresh, one per pass over the file).
     *
     * @throws MediaFormatException if there is no start code, or non-zero data before the first
     */
    AccessUnitScanner(Path path, Codec codec, ByteBuffer map, int end, PictureHeaders headers)
            throws MediaFormatException {
        this.path = path;
        this.codec = codec;
        this.map = map;
        this.end = end;
        this.headers = headers;
        this.headerLength = headers.headerLength();
        code = NalUnitList.findStartCode(map, 0, end);
        if (code < 0) {
            throw new MediaFormatException(path, 0, "no start code (00 00 01) in " + end + " bytes: not an Annex B "
                    + codec + " stream");
        }
        for (int i = 0; i < code; i++) {
            if (map.get(i) != 0) {
                throw new MediaFormatException(path, i, "data before the first start code at byte " + code);
            }
        }
        start = code > 0 ? code - 1 : code;
    }

    /** The headers the scan fills (parameter sets, frame rate). */
    PictureHeaders headers() {
        return headers;
    }

    /**
     * Finds the next access unit and fills the fields; false at the end of the file.
     *
     * @throws MediaFormatException at malformed data, after the last complete access unit before it
     */
    boolean next() throws MediaFormatException {
        if (error != null) {
            throw error;
        }
        try {
            return scan();
        } catch (MediaFormatException e) {
            error = e;
            if (pending) {
                reportPending(pendingEnd);
                return true;
            }
            throw e;
        }
    }

    private boolean scan() throws MediaFormatException {
        while (code >= 0) {
            int nal = code + 3;
            int following = NalUnitList.findStartCode(map, nal, end);
            int nalEnd = following < 0 ? end : following;
            while (nalEnd > nal && map.get(nalEnd - 1) == 0) {
                nalEnd--;
            }
            int codeStart = code > previousEnd && map.get(code - 1) == 0 ? code - 1 : code;
            int nalLength = nalEnd - nal;
            if (nalLength < headerLength) {
                if (following < 0 && nalLength == 0) {
                    break; // a start code at the very end: trailing bytes of the last access unit
                }
                throw new MediaFormatException(path, nal, codec + " NAL unit of " + nalLength
                        + " bytes, shorter than its header");
            }
            if ((map.get(nal) & 0x80) != 0) {
                throw new MediaFormatException(path, nal, codec + " NAL unit with forbidden_zero_bit set");
            }
            int type = headers.type(map, nal);
            if (hasVcl && headers.startsAccessUnit(type, map, nal, nalLength)) {
                pending = true;
                pendingStart = start;
                pendingEnd = codeStart;
                pendingKeyframe = keyframe;
                pendingOrder = order;
                pendingSequenceStart = sequenceStart;
                units++;
                start = codeStart;
                hasVcl = false;
                keyframe = false;
            }
            try {
                headers.unit(type, map, nal, nalLength);
            } catch (IllegalArgumentException e) {
                throw new MediaFormatException(path, nal, codec + " NAL unit of type " + type + ": " + e.getMessage());
            }
            previousEnd = nalEnd;
            code = following;
            if (headers.isVcl(type)) {
                if (!hasVcl) {
                    order = headers.pictureOrderCount();
                    sequenceStart = headers.startsSequence() || units == 0;
                }
                hasVcl = true;
                keyframe |= headers.isKeyframe(type);
                if (pending) {
                    reportPending(pendingEnd);
                    return true;
                }
            }
        }
        code = -1;
        if (finished) {
            return false;
        }
        finished = true;
        if (pending) { // non-picture units after the last slice join the last access unit
            reportPending(end);
            return true;
        }
        if (hasVcl || units == 0) {
            report(start, end - start, keyframe, order, sequenceStart || units == 0);
            units++;
            return true;
        }
        return false;
    }

    private void reportPending(int pendingEnd) {
        pending = false;
        report(pendingStart, pendingEnd - pendingStart, pendingKeyframe, pendingOrder, pendingSequenceStart);
    }

    private void report(int offset, int length, boolean keyframe, long order, boolean sequenceStart) {
        this.offset = offset;
        this.length = length;
        this.unitKeyframe = keyframe;
        this.pictureOrder = order;
        this.startsSequence = sequenceStart;
    }
}
