package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The {@code esds} box of an {@code mp4a} sample entry (ISO/IEC 14496-14 §5.6): a full box
 * holding an {@code ES_Descriptor} (ISO/IEC 14496-1 §7.2.6.5), read as far as the stream's
 * objectTypeIndication and its DecoderSpecificInfo (for AAC, the AudioSpecificConfig):
 *
 * <pre>
 * ES_Descriptor            tag 0x03, size (1-4 bytes of 7 bits, high bit = more)
 *   ES_ID u16, flags u8: streamDependenceFlag | URL_Flag | OCRstreamFlag | streamPriority (5)
 *   [dependsOn_ES_ID u16] [URLlength u8, URLstring] [OCR_ES_Id u16]
 *   DecoderConfigDescriptor  tag 0x04, size
 *     objectTypeIndication u8, streamType (6) | upStream | reserved, bufferSizeDB u24,
 *     maxBitrate u32, avgBitrate u32
 *     DecoderSpecificInfo    tag 0x05, size, the decoder configuration
 *   SLConfigDescriptor       tag 0x06 ...
 * </pre>
 */
final class Mp4Esds {
    /** objectTypeIndication of MPEG-4 Audio (AAC and the rest of 14496-3). */
    static final int MPEG4_AUDIO = 0x40;
    private static final int ES_DESCRIPTOR = 0x03;
    private static final int DECODER_CONFIG = 0x04;
    private static final int DECODER_SPECIFIC_INFO = 0x05;
    private static final int FULL_BOX = 4;
    private static final int DECODER_CONFIG_FIELDS = 13;

    final int objectTypeIndication;
    /** Index in the mapping and length of the DecoderSpecificInfo's bytes (0 length when absent). */
    final int configOffset;
    final int configLength;

    private Mp4Esds(int objectTypeIndication, int configOffset, int configLength) {
        this.objectTypeIndication = objectTypeIndication;
        this.configOffset = configOffset;
        this.configLength = configLength;
    }

    /** Parses the esds under {@code box}'s cursor. */
    static Mp4Esds parse(Path path, ByteBuffer map, Mp4Box box) throws MediaFormatException {
        Reader in = new Reader(path, map, box.base(), box.offset(), box.payload() + FULL_BOX,
                box.payload() + box.payloadLength());
        int end = in.descriptor(ES_DESCRIPTOR, "ES_Descriptor");
        in.skip(2, "ES_ID");
        int flags = in.u8("ES_Descriptor flags");
        if ((flags & 0x80) != 0) {
            in.skip(2, "dependsOn_ES_ID");
        }
        if ((flags & 0x40) != 0) {
            in.skip(in.u8("URLlength"), "URLstring");
        }
        if ((flags & 0x20) != 0) {
            in.skip(2, "OCR_ES_Id");
        }
        in.limit(end);
        int configEnd = in.descriptor(DECODER_CONFIG, "DecoderConfigDescriptor");
        int objectType = in.u8("objectTypeIndication");
        in.skip(DECODER_CONFIG_FIELDS - 1, "DecoderConfigDescriptor fields");
        in.limit(configEnd);
        if (objectType != MPEG4_AUDIO) {
            return new Mp4Esds(objectType, 0, 0);
        }
        if (in.remaining() == 0) {
            throw new MediaFormatException(path, box.offset(), "esds of MPEG-4 Audio has no DecoderSpecificInfo"
                    + " (the AudioSpecificConfig)");
        }
        int infoEnd = in.descriptor(DECODER_SPECIFIC_INFO, "DecoderSpecificInfo");
        return new Mp4Esds(objectType, in.position, infoEnd - in.position);
    }

    /** What an objectTypeIndication stands for (ISO/IEC 14496-1 Table 5 and the MP4 registration authority). */
    static String describe(int objectTypeIndication) {
        switch (objectTypeIndication) {
            case 0x66:
            case 0x67:
            case 0x68:
                return "MPEG-2 AAC";
            case 0x69:
            case 0x6B:
                return "MPEG audio, MP3";
            case 0xA5:
                return "AC-3";
            case 0xA6:
                return "E-AC-3";
            case 0xA9:
            case 0xAA:
            case 0xAB:
            case 0xAC:
                return "DTS";
            case 0xAD:
                return "Opus";
            case 0xDD:
                return "Vorbis";
            default:
                return "not MPEG-4 Audio";
        }
    }

    /** Sequential reads inside the esds payload, errors naming the field. */
    private static final class Reader {
        private final Path path;
        private final ByteBuffer map;
        /** File offset of index 0 of {@link #map}. */
        private final long base;
        private final long boxOffset;
        private int position;
        private int end;

        Reader(Path path, ByteBuffer map, long base, long boxOffset, int start, long end) {
            this.path = path;
            this.map = map;
            this.base = base;
            this.boxOffset = boxOffset;
            this.position = start;
            this.end = (int) end;
        }

        int u8(String field) throws MediaFormatException {
            need(1, field);
            return Bytes.u8(map, position++);
        }

        void skip(int bytes, String field) throws MediaFormatException {
            need(bytes, field);
            position += bytes;
        }

        int remaining() {
            return end - position;
        }

        void limit(int newEnd) {
            end = newEnd;
        }

        /** Reads a descriptor's tag (which must be {@code tag}) and size; returns where it ends. */
        int descriptor(int tag, String name) throws MediaFormatException {
            int found = u8(name + " tag");
            if (found != tag) {
                throw new MediaFormatException(path, base + position - 1, "esds: expected " + name + " (tag "
                        + String.format("0x%02X", tag) + "), found tag " + String.format("0x%02X", found));
            }
            int size = 0;
            for (int i = 0; i < 4; i++) {
                int b = u8(name + " size");
                size = size << 7 | (b & 0x7F);
                if ((b & 0x80) == 0) {
                    need(size, name);
                    return position + size;
                }
            }
            throw new MediaFormatException(path, base + position, "esds: " + name + " size runs over 4 bytes");
        }

        private void need(int bytes, String field) throws MediaFormatException {
            if (end - position < bytes) {
                throw new MediaFormatException(path, boxOffset, "esds ends inside " + field + " (" + bytes
                        + " bytes needed, " + (end - position) + " left)");
            }
        }
    }
}
