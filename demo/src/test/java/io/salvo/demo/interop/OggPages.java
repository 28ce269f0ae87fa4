package io.salvo.demo.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages of an Ogg file, read independently of the reader under test (RFC 3533 §6): a 27-byte
 * header whose byte 26 is the segment count, the segment table, then the body; a lacing value
 * below 255 ends a packet. The OpusHead (RFC 7845 §5.1) is the first page's packet.
 */
final class OggPages {
    static final int MIN_HEADER_LENGTH = 27;

    /** One page: where it starts, its header and body lengths, and how many packets end on it. */
    record Page(int offset, int headerLength, int bodyLength, int packetsEnded) {
        int end() {
            return offset + headerLength + bodyLength;
        }
    }

    final byte[] file;
    final List<Page> pages = new ArrayList<>();

    private OggPages(byte[] file) {
        this.file = file;
        int at = 0;
        while (at < file.length) {
            int segments = file[at + 26] & 0xFF;
            int body = 0;
            int ended = 0;
            for (int i = 0; i < segments; i++) {
                int lacing = file[at + MIN_HEADER_LENGTH + i] & 0xFF;
                body += lacing;
                ended += lacing < 255 ? 1 : 0;
            }
            Page page = new Page(at, MIN_HEADER_LENGTH + segments, body, ended);
            pages.add(page);
            at = page.end();
        }
    }

    /** Reads a complete Ogg file. */
    static OggPages read(Path file) throws IOException {
        return new OggPages(Files.readAllBytes(file));
    }

    private ByteBuffer opusHead() {
        Page first = pages.get(0);
        return ByteBuffer.wrap(file, first.offset() + first.headerLength(), first.bodyLength()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** OpusHead's output channel count (byte 9). */
    int channels() {
        return opusHead().get(9) & 0xFF;
    }

    /** OpusHead's pre-skip, in 48 kHz samples (u16 at byte 10). */
    int preSkip() {
        return opusHead().getShort(10) & 0xFFFF;
    }

    /** Audio packets (after OpusHead and OpusTags) that end on pages before page {@code index}. */
    int audioPacketsBefore(int index) {
        int packets = 0;
        for (int i = 0; i < index; i++) {
            packets += pages.get(i).packetsEnded();
        }
        return Math.max(0, packets - 2);
    }
}
