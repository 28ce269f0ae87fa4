package io.salvo.demo.media;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The Opus identification header (RFC 7845 §5.1), the first packet of an Ogg Opus stream;
 * multi-byte fields little-endian:
 * <pre>
 *   0  magic 'OpusHead'
 *   8  version (u8): major version in the high 4 bits, must be 0
 *   9  output channel count (u8)
 *  10  pre-skip (u16), in 48 kHz samples
 *  12  input sample rate (u32), informational
 *  16  output gain (i16), Q7.8 dB
 *  18  channel mapping family (u8)
 *  19  [family != 0: stream count (u8), coupled count (u8), channel mapping (one u8 per channel)]
 * </pre>
 */
final class OpusHead {
    static final String MAGIC = "OpusHead";
    static final int MIN_LENGTH = 19;
    private static final int VERSION = 8;
    private static final int CHANNELS = 9;
    private static final int PRE_SKIP = 10;
    private static final int INPUT_SAMPLE_RATE = 12;
    private static final int OUTPUT_GAIN = 16;
    private static final int MAPPING_FAMILY = 18;
    private static final int MAPPING_TABLE = 21;

    final int version;
    final int channels;
    final int preSkip;
    final long inputSampleRate;
    final int outputGain;
    final int mappingFamily;

    private OpusHead(ByteBuffer b, int at) {
        version = b.get(at + VERSION) & 0xFF;
        channels = b.get(at + CHANNELS) & 0xFF;
        preSkip = LittleEndian.u16(b, at + PRE_SKIP);
        inputSampleRate = LittleEndian.u32(b, at + INPUT_SAMPLE_RATE);
        outputGain = (short) LittleEndian.u16(b, at + OUTPUT_GAIN);
        mappingFamily = b.get(at + MAPPING_FAMILY) & 0xFF;
    }

    /** Whether the packet at {@code [at, at + length)} starts with {@code magic}. */
    static boolean startsWith(ByteBuffer b, int at, int length, String magic) {
        if (length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b.get(at + i) != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Parses the OpusHead packet at {@code [at, at + length)}; {@code fileOffset} names it in errors. */
    static OpusHead parse(Path path, ByteBuffer b, int at, int length, long fileOffset) throws MediaFormatException {
        if (!startsWith(b, at, length, MAGIC)) {
            throw new MediaFormatException(path, fileOffset, "first Ogg stream is not Opus: its first packet starts"
                    + " with '" + MappedMediaFile.printable(b, at, Math.min(length, MAGIC.length())) + "'");
        }
        if (length < MIN_LENGTH) {
            throw new MediaFormatException(path, fileOffset, "OpusHead is " + length + " bytes, at least "
                    + MIN_LENGTH + " expected");
        }
        OpusHead head = new OpusHead(b, at);
        if (head.version >>> 4 != 0) {
            throw new MediaFormatException(path, fileOffset + VERSION, "unsupported OpusHead version " + head.version
                    + " (major version " + (head.version >>> 4) + ", expected 0)");
        }
        if (head.channels == 0) {
            throw new MediaFormatException(path, fileOffset + CHANNELS, "OpusHead declares 0 channels");
        }
        if (head.mappingFamily == 0 && head.channels > 2) {
            throw new MediaFormatException(path, fileOffset + CHANNELS, "OpusHead declares " + head.channels
                    + " channels with mapping family 0, which allows 1 or 2");
        }
        if (head.mappingFamily != 0 && length < MAPPING_TABLE + head.channels) {
            throw new MediaFormatException(path, fileOffset, "OpusHead is " + length + " bytes, its channel mapping"
                    + " table needs " + (MAPPING_TABLE + head.channels));
        }
        return head;
    }
}
