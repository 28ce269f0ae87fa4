package io.salvo.demo.media;

import io.salvo.packetizer.NalUnitList;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

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
 * <p>The file is read through one window of it at a time ({@link WindowedMediaFile}), positions
 * being indexes in the window. The window holds every byte from the first one of the earliest
 * access unit not yet reported on; when the search for the next start code reaches the window's
 * end short of the file's, the scan maps a window from that first byte on (twice as long when the
 * unit fills the one before, up to {@link WindowedMediaFile#maxWindow()}, 2 GiB - 1), rebases its
 * positions and searches the current NAL unit again. So each access unit is reported whole in the window it was found in, and the
 * search itself ({@link NalUnitList#findStartCode}) runs over one buffer between those rare events.
 *
 * <p>An error (malformed NAL unit, unparsable header, an access unit above 2 GiB - 1, named with
 * its size) is thrown as a {@link MediaFormatException} naming the offset; an access unit that was already complete when
 * it was found (ended by a boundary before the bad unit) is reported first, and the error again on
 * every later call.
 */
final class AccessUnitScanner {
    private final Path path;
    private final Codec codec;
    private final WindowedMediaFile file;
    private final PictureHeaders headers;
    private final int headerLength;

    // the window: its mapping, the file offset of index 0, its length, whether it ends with the file
    private ByteBuffer map;
    private long base;
    private int end;
    private boolean last;

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

    // the NAL units (position, length) of the pending access unit (the first pendingUnits) and
    // of the one being gathered (the rest), for the log
    private NalUnitLog log;
    private int[] unitOffsets = new int[16];
    private int[] unitLengths = new int[16];
    private int unitCount;
    private int pendingUnits;

    // an access unit ended by a boundary, reported when the next one's first slice shows up
    private boolean pending;
    private int pendingStart;
    private int pendingEnd;
    private boolean pendingKeyframe;
    private long pendingOrder;
    private boolean pendingSequenceStart;

    /**
     * The access unit {@link #next()} found: the window holding it, its first byte there and in the
     * file, length, IDR/IRAP, POC, starts a sequence.
     */
    ByteBuffer buffer;
    int offset;
    long fileOffset;
    int length;
    boolean unitKeyframe;
    long pictureOrder;
    boolean startsSequence;

    /**
     * Scans {@code file} from its start with {@code headers} (fresh, one per pass over the file).
     *
     * @throws MediaFormatException if there is no start code, or non-zero data before the first
     */
    AccessUnitScanner(WindowedMediaFile file, Codec codec, PictureHeaders headers) throws IOException {
        this.path = file.path();
        this.codec = codec;
        this.file = file;
        this.headers = headers;
        this.headerLength = headers.headerLength();
        long from = 0; // searched from here; every byte before it is checked
        long nonZero = -1;
        while (true) {
            long at = Math.max(0, from - 1); // the byte before a start code at 'from' goes in the window too
            moveTo(at, Math.min(from - at + 4, file.size() - at));
            int i = (int) (from - base);
            code = NalUnitList.findStartCode(map, i, end);
            int checked = code >= 0 ? code : last ? end : Math.max(i, end - 3); // a start code may straddle the end
            for (int k = i; k < checked && nonZero < 0; k++) {
                if (map.get(k) != 0) {
                    nonZero = base + k;
                }
            }
            if (code >= 0 || last) {
                break;
            }
            from = base + checked; // the window holds at least 4 bytes from 'from': checked > i
        }
        if (code < 0) {
            throw new MediaFormatException(path, 0, "no start code (00 00 01) in " + file.size() + " bytes: not an"
                    + " Annex B " + codec + " stream");
        }
        if (nonZero >= 0) {
            throw new MediaFormatException(path, nonZero, "data before the first start code at byte "
                    + (base + code));
        }
        start = base + code > 0 ? code - 1 : code;
        previousEnd = start;
    }

    /** Publishes the NAL units of every access unit reported from now on to {@code log} (null: none). */
    void log(NalUnitLog log) {
        this.log = log;
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
    boolean next() throws IOException {
        if (error != null) {
            throw error;
        }
        try {
            return scan();
        } catch (MediaFormatException e) {
            error = e;
            if (pending) {
                reportPending(pendingEnd, pendingUnits);
                return true;
            }
            throw e;
        }
    }

    private boolean scan() throws IOException {
        while (code >= 0) {
            int nal = code + 3;
            int following = NalUnitList.findStartCode(map, nal, end);
            while (following < 0 && !last) { // the NAL unit may go on past the window
                if (!extend()) {
                    throw tooLarge(nal);
                }
                nal = code + 3;
                following = NalUnitList.findStartCode(map, nal, end);
            }
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
                throw new MediaFormatException(path, base + nal, codec + " NAL unit of " + nalLength
                        + " bytes, shorter than its header");
            }
            if ((map.get(nal) & 0x80) != 0) {
                throw new MediaFormatException(path, base + nal, codec + " NAL unit with forbidden_zero_bit set");
            }
            int type = headers.type(map, nal);
            if (hasVcl && headers.startsAccessUnit(type, map, nal, nalLength)) {
                endAccessUnit(codeStart);
                units++;
                start = codeStart;
                hasVcl = false;
                keyframe = false;
            }
            try {
                headers.unit(type, map, nal, nalLength);
            } catch (IllegalArgumentException e) {
                throw new MediaFormatException(path, base + nal, codec + " NAL unit of type " + type + ": "
                        + e.getMessage());
            }
            addUnit(nal, nalLength);
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
                    reportPending(pendingEnd, pendingUnits);
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
            reportPending(end, unitCount);
            return true;
        }
        if (hasVcl || units == 0) {
            report(start, end - start, keyframe, order, sequenceStart || units == 0, unitCount);
            units++;
            return true;
        }
        return false;
    }

    /**
     * Maps a window from the first byte of the earliest unreported access unit on, longer than
     * what the current one holds of it, and rebases every position to it; false (nothing changed)
     * when that would exceed {@link WindowedMediaFile#maxWindow()}.
     */
    private boolean extend() throws IOException {
        int keep = pending ? pendingStart : start;
        long keepOffset = base + keep;
        long held = end - keep;
        long mapped = Math.min(Math.min(Math.max(2 * held, file.windowSize()), file.maxWindow()),
                file.size() - keepOffset);
        if (mapped <= held) {
            return false;
        }
        long oldBase = base;
        moveTo(keepOffset, mapped);
        int shift = (int) (base - oldBase);
        code -= shift;
        previousEnd -= shift;
        start -= shift;
        pendingStart -= shift;
        pendingEnd -= shift;
        for (int i = 0; i < unitCount; i++) {
            unitOffsets[i] -= shift;
        }
        return true;
    }

    /**
     * The error for the NAL unit at {@code nal} that runs past the largest window: it names the
     * access unit the NAL unit belongs to, its offset and least size (up to the next start code).
     * When the NAL unit starts a new access unit, the one before is complete and becomes pending,
     * so {@link #next()} reports it before the error.
     */
    private MediaFormatException tooLarge(int nal) throws IOException {
        int unitStart = start;
        if (hasVcl && end - nal >= headerLength && headers.startsAccessUnit(headers.type(map, nal), map, nal,
                end - nal)) {
            int codeStart = code > previousEnd && map.get(code - 1) == 0 ? code - 1 : code;
            endAccessUnit(codeStart); // hasVcl: nothing was pending
            unitStart = codeStart;
        }
        long unitOffset = base + unitStart;
        ByteBuffer m = map; // the window stays: a pending access unit is still reported from it
        long b = base;
        boolean l = last;
        long unitEnd = nextStartCode(base + end - 2);
        map = m;
        base = b;
        end = m.capacity();
        last = l;
        return new MediaFormatException(path, unitOffset, codec + " access unit at byte " + unitOffset
                + " is at least " + (unitEnd - unitOffset) + " bytes, more than the " + file.maxWindow()
                + " bytes salvo maps for one frame");
    }

    /**
     * File offset of the first start code at or after {@code from} (minus one: the zero of a 4-byte
     * start code may end the unit before it), or the file size if there is none: where an access
     * unit too large to map ends at the earliest, for the message refusing it.
     */
    private long nextStartCode(long from) throws IOException {
        while (from < file.size() - 2) {
            moveTo(from, Math.min(Math.max(file.windowSize(), 16), file.size() - from)); // moves on by 14 at least
            int i = (int) (from - base);
            int found = NalUnitList.findStartCode(map, i, end);
            if (found >= 0) {
                return base + found - 1;
            }
            if (last) {
                break;
            }
            from = base + end - 2;
        }
        return file.size();
    }

    /** Makes the window one that holds the file's bytes {@code [from, from + length)}. */
    private void moveTo(long from, long length) throws IOException {
        WindowedMediaFile.Window w = file.window(from, length);
        map = w.buffer();
        base = w.start();
        end = map.capacity();
        last = w.end() == file.size();
    }

    /**
     * The access unit being gathered ends before the start code at {@code codeStart} and becomes
     * the pending one, with the NAL units gathered so far.
     */
    private void endAccessUnit(int codeStart) {
        pending = true;
        pendingStart = start;
        pendingEnd = codeStart;
        pendingKeyframe = keyframe;
        pendingOrder = order;
        pendingSequenceStart = sequenceStart;
        pendingUnits = unitCount;
    }

    private void reportPending(int pendingEnd, int nalUnits) {
        pending = false;
        report(pendingStart, pendingEnd - pendingStart, pendingKeyframe, pendingOrder, pendingSequenceStart, nalUnits);
    }

    private void addUnit(int nal, int length) {
        if (unitCount == unitOffsets.length) {
            unitOffsets = Arrays.copyOf(unitOffsets, unitCount * 2);
            unitLengths = Arrays.copyOf(unitLengths, unitCount * 2);
        }
        unitOffsets[unitCount] = nal;
        unitLengths[unitCount] = length;
        unitCount++;
    }

    /**
     * Reports an access unit made of the first {@code nalUnits} units gathered: publishes them to
     * the log (when there is one with room) and keeps the rest for the next access unit.
     */
    private void report(int offset, int length, boolean keyframe, long order, boolean sequenceStart, int nalUnits) {
        NalUnitList list = log != null ? log.claim() : null;
        if (list != null) {
            for (int i = 0; i < nalUnits; i++) {
                list.add(map, unitOffsets[i], unitLengths[i]);
            }
            log.publish(map, offset, length);
        }
        unitCount -= nalUnits;
        System.arraycopy(unitOffsets, nalUnits, unitOffsets, 0, unitCount);
        System.arraycopy(unitLengths, nalUnits, unitLengths, 0, unitCount);
        pendingUnits = 0;
        this.buffer = map;
        this.offset = offset;
        this.fileOffset = base + offset;
        this.length = length;
        this.unitKeyframe = keyframe;
        this.pictureOrder = order;
        this.startsSequence = sequenceStart;
    }
}
