package io.salvo.packetizer;

import java.nio.ByteBuffer;

/** Sequential big-endian reads over a configuration record, with errors naming the field and offset. */
final class ConfigReader {
    private final ByteBuffer record;
    private final String name;
    private final int start;
    private final int end;
    private int position;

    ConfigReader(ByteBuffer record, String name) {
        this.record = record;
        this.name = name;
        this.start = record.position();
        this.end = record.limit();
        this.position = start;
    }

    int offset() {
        return position - start;
    }

    int u8(String field) {
        need(1, field);
        return record.get(position++) & 0xFF;
    }

    int u16(String field) {
        need(2, field);
        int value = ((record.get(position) & 0xFF) << 8) | (record.get(position + 1) & 0xFF);
        position += 2;
        return value;
    }

    void skip(int bytes, String field) {
        need(bytes, field);
        position += bytes;
    }

    /** A u16 length then that many bytes: a parameter set NAL unit. */
    byte[] nalUnit(String what) {
        int length = u16(what + " length");
        if (length == 0) {
            throw new MalformedFrameException(offset() - 2, name + " " + what + " at offset " + (offset() - 2)
                    + " has zero length");
        }
        need(length, what);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = record.get(position + i);
        }
        position += length;
        return bytes;
    }

    private void need(int bytes, String field) {
        if (end - position < bytes) {
            throw new MalformedFrameException(offset(), name + " record of " + (end - start) + " bytes ends at offset "
                    + offset() + " inside " + field + " (" + bytes + " bytes needed, " + (end - position) + " left)");
        }
    }
}
