package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A cursor over the ISO-BMFF boxes between two file offsets (ISO/IEC 14496-12 §4.2):
 * <pre>
 *  0  size (u32): 1 = a 64-bit largesize follows the type; 0 = the box runs to the end of its parent
 *  4  type (fourcc)
 * [8  largesize (u64)]
 * </pre>
 * Inside a parent, a box that runs past the parent's end is malformed. At the top level
 * ({@link #topLevel}) it is where the file was cut: {@link #next()} returns it with
 * {@link #truncated()} set and the caller decides (a cut {@code mdat} is fine when {@code moov}
 * came first; its samples past the end are reported later).
 *
 * <p>Offsets are file offsets ({@code long}); the bytes are read from a mapping whose index 0 is
 * the file's byte {@code base}. Inside a parent that is one mapping holding the whole parent (the
 * {@code moov}, see {@link Mp4Moov}); the top level reads each header through a window of the
 * file ({@link #next(WindowedMediaFile)}), so files of any size are walked.
 */
final class Mp4Box {
    static final int FTYP = type("ftyp");
    static final int MOOV = type("moov");
    static final int MDAT = type("mdat");
    static final int FREE = type("free");
    static final int SKIP = type("skip");
    static final int WIDE = type("wide");
    static final int MOOF = type("moof");
    static final int MVEX = type("mvex");
    static final int TRAK = type("trak");
    static final int EDTS = type("edts");
    static final int ELST = type("elst");
    static final int MDIA = type("mdia");
    static final int MDHD = type("mdhd");
    static final int HDLR = type("hdlr");
    static final int MINF = type("minf");
    static final int STBL = type("stbl");
    static final int STSD = type("stsd");
    static final int STTS = type("stts");
    static final int CTTS = type("ctts");
    static final int STSC = type("stsc");
    static final int STSZ = type("stsz");
    static final int STZ2 = type("stz2");
    static final int STCO = type("stco");
    static final int CO64 = type("co64");
    static final int STSS = type("stss");
    static final int AVC1 = type("avc1");
    static final int AVC3 = type("avc3");
    static final int HVC1 = type("hvc1");
    static final int HEV1 = type("hev1");
    static final int AVCC = type("avcC");
    static final int HVCC = type("hvcC");
    static final int TKHD = type("tkhd");
    static final int MP4A = type("mp4a");
    static final int ESDS = type("esds");
    /** QuickTime sound description extension that may hold the esds. */
    static final int WAVE = type("wave");
    /** Handler type of video tracks ({@code hdlr}). */
    static final int VIDE = type("vide");
    /** Handler type of audio tracks. */
    static final int SOUN = type("soun");

    private static final int HEADER = 8;
    private static final int LARGE_HEADER = 16;

    private final Path path;
    private ByteBuffer map;
    private long base;
    private final long end;
    private final int parentType;
    private final boolean topLevel;
    private long next;

    private long offset;
    private long size;
    private int type;
    private int headerLength;
    private boolean truncated;

    /** Boxes of the top level: from 0 to the end of the file, walked with {@link #next(WindowedMediaFile)}. */
    static Mp4Box topLevel(Path path, long fileSize) {
        return new Mp4Box(path, null, 0, 0, fileSize, 0, true);
    }

    /**
     * The children of the box under {@code parent}'s cursor, starting {@code skip} bytes into its
     * payload (which {@code parent}'s mapping holds: not for the top level).
     */
    static Mp4Box children(Mp4Box parent, int skip) {
        return new Mp4Box(parent.path, parent.map, parent.base, parent.payloadOffset() + skip, parent.end(),
                parent.type, false);
    }

    /**
     * The boxes in the file's bytes {@code [start, end)}, children of a box of type
     * {@code parentType}, read from {@code map} whose index 0 is the file's byte {@code base}.
     */
    static Mp4Box within(Path path, ByteBuffer map, long base, long start, long end, int parentType) {
        return new Mp4Box(path, map, base, start, end, parentType, false);
    }

    private Mp4Box(Path path, ByteBuffer map, long base, long start, long end, int parentType, boolean topLevel) {
        this.path = path;
        this.map = map;
        this.base = base;
        this.next = start;
        this.end = end;
        this.parentType = parentType;
        this.topLevel = topLevel;
    }

    /**
     * Top level: moves to the next box, its header read through a window of {@code file} (which
     * the box's payload may run past); false after the last.
     */
    boolean next(WindowedMediaFile file) throws IOException {
        if (!truncated && next < end) {
            WindowedMediaFile.Window header = file.window(next, Math.min(LARGE_HEADER, end - next));
            map = header.buffer();
            base = header.start();
        }
        return next();
    }

    /** Moves to the next box; false after the last. */
    boolean next() throws MediaFormatException {
        if (truncated || next >= end) {
            return false;
        }
        offset = next;
        long room = end - offset;
        if (room < HEADER) {
            if (topLevel) {
                return cutHere(room);
            }
            throw new MediaFormatException(path, offset,
                    room + " stray bytes at the end of '" + name(parentType) + "'");
        }
        int i = (int) (offset - base);
        long declared = Bytes.u32(map, i);
        type = Bytes.i32(map, i + 4);
        headerLength = HEADER;
        if (declared == 1) {
            if (room < LARGE_HEADER) {
                if (topLevel) {
                    return cutHere(room);
                }
                throw new MediaFormatException(path, offset, "box '" + name(type) + "' has no room for its largesize");
            }
            declared = Bytes.i64(map, i + HEADER);
            headerLength = LARGE_HEADER;
        } else if (declared == 0) {
            declared = room;
        }
        if (declared < headerLength) {
            throw new MediaFormatException(path, offset, "box '" + name(type) + "' has impossible size " + declared);
        }
        size = declared;
        if (declared > room) {
            if (topLevel) {
                truncated = true;
                return true;
            }
            throw new MediaFormatException(path, offset, "box '" + name(type) + "' declares " + declared
                    + " bytes but its parent '" + name(parentType) + "' ends at byte " + end);
        }
        next = offset + declared;
        return true;
    }

    private boolean cutHere(long room) {
        truncated = true;
        type = 0;
        size = -1;
        headerLength = (int) room;
        return true;
    }

    /** File offset of the current box. */
    long offset() {
        return offset;
    }

    /** Declared size of the current box (-1 when the file ends inside its header). */
    long size() {
        return size;
    }

    /** Fourcc of the current box as an int (0 when the file ends inside its header). */
    int type() {
        return type;
    }

    /** Index of the current box's payload in the mapping (not for the top level). */
    int payload() {
        return (int) (offset + headerLength - base);
    }

    /** File offset of the current box's payload. */
    long payloadOffset() {
        return offset + headerLength;
    }

    /** The mapping the boxes are read from (the top level's: the last header's window). */
    ByteBuffer map() {
        return map;
    }

    /** File offset of index 0 of {@link #map()}. */
    long base() {
        return base;
    }

    /** Payload bytes of the current box (top level, truncated: as declared, beyond the file). */
    long payloadLength() {
        return size - headerLength;
    }

    /** File offset just after the current box. */
    long end() {
        return offset + size;
    }

    /** Top level only: whether the file ends inside the current box (always the last one). */
    boolean truncated() {
        return truncated;
    }

    /** The fourcc {@code text} as a big-endian int. */
    static int type(String text) {
        return text.charAt(0) << 24 | text.charAt(1) << 16 | text.charAt(2) << 8 | text.charAt(3);
    }

    /** A box type for messages: printable characters as is, others as {@code \xNN}. */
    static String name(int type) {
        ByteBuffer b = ByteBuffer.allocate(4).putInt(0, type);
        return MappedMediaFile.printable(b, 0, 4);
    }
}
