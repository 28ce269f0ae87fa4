package io.salvo.rtcp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses and writes an RTCP source description (SDES, PT 202, RFC 3550 §6.5) in place:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |  0
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_1                          |  chunk 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      |     length    |     text (length bytes)     ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... more items, then a null item (type 0) and null bytes up to the next 32-bit boundary
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_2                          |  chunk 2
 * |                              ...                              |
 * </pre>
 *
 * <p>{@link #wrap} checks every chunk and item and returns an {@link RtcpParseError} rather than
 * throwing. Iteration allocates nothing: each item is an offset and length into the buffer.
 *
 * <pre>{@code
 * while (sdes.nextChunk()) {
 *     while (sdes.nextItem()) {
 *         handle(sdes.chunkSsrc(), sdes.itemType(), buffer, sdes.itemOffset(), sdes.itemLength());
 *     }
 * }
 * }</pre>
 */
public final class SourceDescription {
    /** The null item that ends a chunk's list. */
    public static final int END = 0;
    /** Canonical end-point identifier, the one item every chunk should carry. */
    public static final int CNAME = 1;
    /** User name. */
    public static final int NAME = 2;
    /** Electronic mail address. */
    public static final int EMAIL = 3;
    /** Phone number. */
    public static final int PHONE = 4;
    /** Geographic user location. */
    public static final int LOC = 5;
    /** Application or tool name. */
    public static final int TOOL = 6;
    /** Notice or status. */
    public static final int NOTE = 7;
    /** Private extension. */
    public static final int PRIV = 8;
    /** Longest item text (one length byte). */
    public static final int MAX_ITEM_LENGTH = 255;

    private static final int CHUNKS_OFFSET = 4;
    private static final int SSRC_LENGTH = 4;
    private static final int ITEM_HEADER_LENGTH = 2;

    private final PacketCheck packet = new PacketCheck("RTCP SDES");
    private int end;
    private int chunksLeft;
    private int nextChunk;
    private int chunk = -1;
    private int itemCursor;
    private int itemType;
    private int itemOffset;
    private int itemLength;

    /**
     * Parses the SDES of {@code length} bytes at absolute index {@code offset}, as
     * {@link RtcpCompound#packetOffset()} and {@link RtcpCompound#packetLength()} give it: SC
     * chunks, each an SSRC, items that fit, a null item and padding to 32 bits, and nothing after.
     *
     * @return {@link RtcpParseError#OK}, or what is wrong (see {@link #errorMessage()})
     * @throws IndexOutOfBoundsException if the range lies outside the buffer
     */
    public RtcpParseError wrap(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = packet.wrap(buffer, offset, length, RtcpPacketType.SDES, PacketCheck.ANY_FORMAT);
        end = offset;
        chunksLeft = 0;
        if (error == RtcpParseError.OK) {
            end = offset + packet.length;
            error = check();
        }
        rewind();
        return error;
    }

    private RtcpParseError check() {
        ByteBuffer buffer = packet.buffer;
        int offset = packet.offset;
        int count = chunkCount();
        int position = offset + CHUNKS_OFFSET;
        for (int c = 1; c <= count; c++) {
            if (end - position < SSRC_LENGTH) {
                return packet.fail(RtcpParseError.SDES_CHUNK_TRUNCATED, c, position - offset);
            }
            int item = position + SSRC_LENGTH;
            while (true) {
                if (item >= end) {
                    return packet.fail(RtcpParseError.SDES_MISSING_END, c, position - offset);
                }
                if (Bytes.u8(buffer, item) == END) {
                    break;
                }
                if (end - item < ITEM_HEADER_LENGTH
                        || end - item - ITEM_HEADER_LENGTH < Bytes.u8(buffer, item + 1)) {
                    return packet.fail(RtcpParseError.SDES_ITEM_OVERRUN, c, item - offset);
                }
                item += ITEM_HEADER_LENGTH + Bytes.u8(buffer, item + 1);
            }
            int chunkEnd = chunkEnd(item);
            if (chunkEnd > end) {
                return packet.fail(RtcpParseError.SDES_CHUNK_TRUNCATED, c, position - offset);
            }
            position = chunkEnd;
        }
        if (position != end) {
            return packet.fail(RtcpParseError.SDES_TRAILING_BYTES, end - position, count);
        }
        return RtcpParseError.OK;
    }

    /** End of the chunk whose null item is at {@code nullItem}: the next 32-bit boundary after it. */
    private int chunkEnd(int nullItem) {
        return packet.offset + ((nullItem + 1 - packet.offset + 3) & ~3);
    }

    /** The result of the last {@link #wrap}. */
    public RtcpParseError error() {
        return packet.error();
    }

    /** A sentence describing the last wrap's error with its numbers. */
    public String errorMessage() {
        String size = packet.length + "-byte packet";
        switch (packet.error()) {
            case SDES_CHUNK_TRUNCATED:
                return "RTCP SDES chunk " + packet.detail() + " of SC " + chunkCount() + " at byte "
                        + packet.detail2() + " runs past the end of the " + size;
            case SDES_ITEM_OVERRUN:
                return "RTCP SDES item at byte " + packet.detail2() + " of chunk " + packet.detail()
                        + " runs past the end of the " + size;
            case SDES_MISSING_END:
                return "RTCP SDES chunk " + packet.detail() + " at byte " + packet.detail2()
                        + " has no null item before the end of the " + size;
            case SDES_TRAILING_BYTES:
                return "RTCP SDES has " + packet.detail() + " bytes after the " + packet.detail2()
                        + " chunks SC announces";
            default:
                return packet.message();
        }
    }

    /** Absolute index of the packet's first byte. */
    public int offset() {
        return packet.offset;
    }

    /** Length of the packet in bytes, padding excluded. */
    public int length() {
        return packet.length;
    }

    /** Number of chunks (SC, 0..31). */
    public int chunkCount() {
        return packet.count;
    }

    /** Goes back to before the first chunk, to walk the packet again. */
    public void rewind() {
        chunksLeft = packet.error() == RtcpParseError.OK ? chunkCount() : 0;
        nextChunk = packet.offset + CHUNKS_OFFSET;
        chunk = -1;
        itemCursor = nextChunk;
    }

    /**
     * Steps to the next chunk, before its first item.
     *
     * @return false when there is none left, or the packet did not pass {@link #wrap}
     */
    public boolean nextChunk() {
        if (chunksLeft == 0) {
            return false;
        }
        chunksLeft--;
        chunk = nextChunk;
        int item = chunk + SSRC_LENGTH;
        while (Bytes.u8(packet.buffer, item) != END) {
            item += ITEM_HEADER_LENGTH + Bytes.u8(packet.buffer, item + 1);
        }
        nextChunk = chunkEnd(item);
        itemCursor = chunk + SSRC_LENGTH;
        return true;
    }

    /** SSRC or CSRC of the current chunk. */
    public long chunkSsrc() {
        return Bytes.u32(packet.buffer, chunk);
    }

    /**
     * Steps to the next item of the current chunk.
     *
     * @return false at the chunk's null item (or before the first {@link #nextChunk()})
     */
    public boolean nextItem() {
        if (chunk < 0 || Bytes.u8(packet.buffer, itemCursor) == END) {
            return false;
        }
        itemType = Bytes.u8(packet.buffer, itemCursor);
        itemLength = Bytes.u8(packet.buffer, itemCursor + 1);
        itemOffset = itemCursor + ITEM_HEADER_LENGTH;
        itemCursor = itemOffset + itemLength;
        return true;
    }

    /** Type of the current item, e.g. {@link #CNAME}. */
    public int itemType() {
        return itemType;
    }

    /** Absolute index of the current item's text. */
    public int itemOffset() {
        return itemOffset;
    }

    /** Length of the current item's text in bytes (0..255). */
    public int itemLength() {
        return itemLength;
    }

    /**
     * The CNAME of {@code ssrc} decoded from UTF-8 (allocates), or null when the packet did not
     * pass {@link #wrap} or has no CNAME for that source. Leaves the iteration where it was.
     */
    public String cname(long ssrc) {
        if (packet.error() != RtcpParseError.OK) {
            return null;
        }
        ByteBuffer buffer = packet.buffer;
        int position = packet.offset + CHUNKS_OFFSET;
        for (int c = chunkCount(); c > 0; c--) {
            boolean match = Bytes.u32(buffer, position) == ssrc;
            int item = position + SSRC_LENGTH;
            while (Bytes.u8(buffer, item) != END) {
                int length = Bytes.u8(buffer, item + 1);
                if (match && Bytes.u8(buffer, item) == CNAME) {
                    byte[] text = new byte[length];
                    buffer.get(item + ITEM_HEADER_LENGTH, text);
                    return new String(text, StandardCharsets.UTF_8);
                }
                item += ITEM_HEADER_LENGTH + length;
            }
            position = chunkEnd(item);
        }
        return null;
    }

    /** Bytes of an SDES packet with one chunk holding a CNAME of {@code cnameBytes} bytes. */
    public static int cnameLength(int cnameBytes) {
        checkItemLength("CNAME", cnameBytes);
        return CHUNKS_OFFSET + SSRC_LENGTH + ((ITEM_HEADER_LENGTH + cnameBytes + 1 + 3) & ~3);
    }

    /**
     * Writes an SDES packet at absolute index {@code offset}: one chunk for {@code ssrc} with a
     * CNAME item, the null item and zero padding to 32 bits.
     *
     * @return the packet's length, {@link #cnameLength}
     * @throws IllegalArgumentException  if the CNAME is longer than 255 bytes
     * @throws IndexOutOfBoundsException if the packet does not fit the buffer
     */
    public static int writeCname(ByteBuffer buffer, int offset, long ssrc, byte[] cnameUtf8) {
        int length = cnameLength(cnameUtf8.length);
        Bytes.checkRange("RTCP SDES", offset, length, buffer.capacity());
        RtcpHeader.writeForLength(buffer, offset, 1, RtcpPacketType.SDES, length);
        int item = offset + CHUNKS_OFFSET + SSRC_LENGTH;
        Bytes.put32(buffer, offset + CHUNKS_OFFSET, ssrc);
        Bytes.put8(buffer, item, CNAME);
        Bytes.put8(buffer, item + 1, cnameUtf8.length);
        buffer.put(item + ITEM_HEADER_LENGTH, cnameUtf8);
        for (int i = item + ITEM_HEADER_LENGTH + cnameUtf8.length; i < offset + length; i++) {
            buffer.put(i, (byte) 0);
        }
        return length;
    }

    private static void checkItemLength(String item, int length) {
        if (length < 0 || length > MAX_ITEM_LENGTH) {
            throw new IllegalArgumentException(item + " must be 0..255 bytes, was " + length);
        }
    }
}
