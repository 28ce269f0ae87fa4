package io.salvo.demo.media;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the packets of the first logical stream of a mapped Ogg file (RFC 3533), page by page:
 * checks each page's capture pattern, version, length and CRC; skips pages of other streams
 * (multiplexed streams); stops at the first stream's end-of-stream page (chained streams after it
 * are ignored). A packet inside one page is a view of the mapping; a packet that spans pages is
 * joined by {@link JoinedPackets}.
 *
 * <p>Strict where a file reader can afford it: a gap in the page sequence, a page that fails to
 * continue an open packet, or continues one that was never opened, is an error, not a resync.
 */
final class OggPacketReader {
    /** Largest packet joined across pages (1 MiB; an Opus packet is at most about 61 KB). */
    static final int MAX_JOINED_PACKET = 1 << 20;

    private final Path path;
    private final ByteBuffer map;
    private final JoinedPackets joins;
    private final OggPage page = new OggPage();

    // the page being read
    private int nextPageOffset;
    private long pageNumber = -1;          // index among all pages of the file
    private boolean onPage;
    private int segment;
    private int segmentCount;
    private int bodyPosition;
    private int lastPacketEnd;             // index of the last segment ending a packet on the page, or -1
    private boolean ended;                 // the stream's end-of-stream page was read

    // the first logical stream
    private boolean serialKnown;
    private long serial;
    private long expectedSequence;

    // a packet left open at the end of a page
    private int[] pieceOffsets = new int[4];
    private int[] pieceLengths = new int[4];
    private int pieces;
    private int openLength;
    private long openPage;
    private long packetIndex;

    // the last packet read
    private ByteBuffer buffer;
    private int offset;
    private int length;
    private long fileOffset;
    private boolean joined;
    private boolean lastOnPage;
    private long granulePosition;
    private boolean endOfStream;

    OggPacketReader(Path path, ByteBuffer map, JoinedPackets joins) {
        this.path = path;
        this.map = map;
        this.joins = joins;
    }

    /** Goes back to the first page. */
    void rewind() {
        nextPageOffset = 0;
        pageNumber = -1;
        onPage = false;
        ended = false;
        serialKnown = false;
        pieces = 0;
        openLength = 0;
        packetIndex = 0;
    }

    /**
     * Reads the next packet of the first stream.
     *
     * @param keep whether a packet spanning pages is joined; when false its {@link #buffer()} is null
     *             (for header packets that are skipped)
     * @return false at the end of the stream or of the file
     */
    boolean next(boolean keep) throws MediaFormatException {
        while (true) {
            if (!onPage || segment == segmentCount) {
                if (ended || !nextPage()) {
                    if (pieces > 0) {
                        throw new TruncatedMediaException(path, pieceOffsets[0], "the stream ends inside packet "
                                + packetIndex + ", which began on page " + openPage + " and has " + openLength
                                + " bytes so far");
                    }
                    return false;
                }
                continue;
            }
            int start = bodyPosition;
            int size = 0;
            boolean complete = false;
            while (segment < segmentCount) {
                int lacing = page.lacingValue(segment++);
                size += lacing;
                if (lacing < OggPage.FULL_SEGMENT) {
                    complete = true;
                    break;
                }
            }
            bodyPosition += size;
            if (!complete) {
                addPiece(start, size, keep);
                continue;
            }
            lastOnPage = segment - 1 == lastPacketEnd;
            granulePosition = page.granulePosition();
            endOfStream = page.endOfStream();
            if (pieces == 0) {
                buffer = map;
                offset = start;
                length = size;
                fileOffset = start;
                joined = false;
            } else {
                addPiece(start, size, keep);
                fileOffset = pieceOffsets[0];
                length = openLength;
                joined = true;
                if (keep) {
                    joins.join(map, pieceOffsets, pieceLengths, pieces, openLength);
                    buffer = joins.buffer();
                    offset = joins.offset();
                } else {
                    buffer = null;
                    offset = 0;
                }
                pieces = 0;
                openLength = 0;
            }
            packetIndex++;
            return true;
        }
    }

    private void addPiece(int start, int size, boolean keep) throws MediaFormatException {
        if (pieces == 0) {
            openPage = pageNumber;
        }
        if (keep && (long) openLength + size > MAX_JOINED_PACKET) {
            throw new MediaFormatException(path, pieces == 0 ? start : pieceOffsets[0], "packet " + packetIndex
                    + " spans more than " + MAX_JOINED_PACKET + " bytes");
        }
        if (pieces == pieceOffsets.length) {
            pieceOffsets = Arrays.copyOf(pieceOffsets, pieces * 2);
            pieceLengths = Arrays.copyOf(pieceLengths, pieces * 2);
        }
        pieceOffsets[pieces] = start;
        pieceLengths[pieces] = size;
        pieces++;
        openLength += size;
    }

    /** Moves to the next page of the first stream; false at the end of the file. */
    private boolean nextPage() throws MediaFormatException {
        onPage = false;
        int fileSize = map.capacity();
        while (nextPageOffset < fileSize) {
            int at = nextPageOffset;
            pageNumber++;
            checkPage(at, fileSize - at);
            page.wrap(map, at);
            nextPageOffset = at + page.headerLength() + page.bodyLength();
            if (!serialKnown) {
                if (!page.beginningOfStream()) {
                    throw new MediaFormatException(path, at, "page " + pageNumber
                            + " should begin a stream (header type 0x02) but its header type is 0x"
                            + Integer.toHexString(page.headerType()));
                }
                serialKnown = true;
                serial = page.serialNumber();
                expectedSequence = page.sequenceNumber();
            } else if (page.serialNumber() != serial) {
                continue; // another logical stream
            }
            if (page.sequenceNumber() != expectedSequence) {
                throw new MediaFormatException(path, at, "page " + pageNumber + " has sequence number "
                        + page.sequenceNumber() + ", expected " + expectedSequence + ": a page is missing");
            }
            expectedSequence = (expectedSequence + 1) & 0xFFFF_FFFFL;
            if (pieces > 0 && !page.continued()) {
                throw new MediaFormatException(path, at, "page " + pageNumber + " does not continue packet "
                        + packetIndex + " left open by page " + openPage);
            }
            if (pieces == 0 && page.continued()) {
                throw new MediaFormatException(path, at, "page " + pageNumber
                        + " continues a packet that no earlier page began");
            }
            onPage = true;
            segment = 0;
            segmentCount = page.segmentCount();
            bodyPosition = at + page.headerLength();
            lastPacketEnd = -1;
            for (int i = 0; i < segmentCount; i++) {
                if (page.lacingValue(i) < OggPage.FULL_SEGMENT) {
                    lastPacketEnd = i;
                }
            }
            ended = page.endOfStream();
            return true;
        }
        return false;
    }

    /** Checks the page at {@code at} ({@code remain} bytes to the end of the file): pattern, version, size, CRC. */
    private void checkPage(int at, int remain) throws MediaFormatException {
        String capture = OggPage.CAPTURE_PATTERN;
        int n = Math.min(remain, capture.length());
        boolean prefix = true;
        for (int i = 0; i < n; i++) {
            prefix &= map.get(at + i) == (byte) capture.charAt(i);
        }
        if (!prefix) {
            throw new MediaFormatException(path, at, "not an Ogg page: capture pattern is '"
                    + MappedMediaFile.printable(map, at, capture.length()) + "', expected '" + capture + "'");
        }
        if (remain < OggPage.MIN_HEADER_LENGTH) {
            throw new TruncatedMediaException(path, at, "page " + pageNumber + " header needs at least "
                    + OggPage.MIN_HEADER_LENGTH + " bytes but only " + remain + " remain");
        }
        page.wrap(map, at);
        if (page.version() != 0) {
            throw new MediaFormatException(path, at, "unsupported Ogg page version " + page.version()
                    + ", expected 0");
        }
        if (remain < page.headerLength()) {
            throw new TruncatedMediaException(path, at, "page " + pageNumber + " header needs "
                    + page.headerLength() + " bytes but only " + remain + " remain");
        }
        int declared = page.headerLength() + page.bodyLength();
        if (remain < declared) {
            throw new TruncatedMediaException(path, at, "page " + pageNumber + " declares " + declared
                    + " bytes but only " + remain + " remain");
        }
        long computed = page.computeChecksum();
        if (computed != page.checksum()) {
            throw new MediaFormatException(path, at, String.format("bad CRC in page %d: stored 0x%08x, computed 0x%08x",
                    pageNumber, page.checksum(), computed));
        }
    }

    /** Buffer holding the last packet: the mapping, a pooled buffer when joined, null when joined and not kept. */
    ByteBuffer buffer() {
        return buffer;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** File offset of the packet's first byte. */
    long fileOffset() {
        return fileOffset;
    }

    /** Whether the packet spanned pages. */
    boolean joined() {
        return joined;
    }

    /** Whether the packet is the last one to end on its page (the one the page's granule position counts to). */
    boolean lastOnPage() {
        return lastOnPage;
    }

    /** Granule position of the page where the packet ended. */
    long granulePosition() {
        return granulePosition;
    }

    /** Whether the packet ended on the stream's end-of-stream page. */
    boolean endOfStream() {
        return endOfStream;
    }
}
