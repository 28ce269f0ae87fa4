package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Builds test datagrams whose bytes tell which message they are. */
final class Messages {
    private Messages() {
    }

    /** A direct buffer of {@code length} bytes, byte i = (seed + i). */
    static ByteBuffer pattern(int length, int seed, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            buffer.put(i, (byte) (seed + i));
        }
        return buffer;
    }

    /** The bytes a message puts on the wire (its vectors concatenated). */
    static byte[] bytesOf(OutputMessage message) {
        byte[] bytes = new byte[message.length()];
        int at = 0;
        for (int v = 0; v < message.vectorCount(); v++) {
            var vector = message.vector(v);
            for (int i = 0; i < vector.length(); i++) {
                bytes[at++] = vector.buffer().get(vector.offset() + i);
            }
        }
        return bytes;
    }

    /**
     * {@code count} messages to {@code to}: a 4-byte header vector carrying the index (big
     * endian) from a shared slab, then {@code payload} bytes of a shared payload buffer.
     */
    static OutputMessage[] numbered(int count, InetSocketAddress to, int payload, boolean direct) {
        ByteBuffer slab = direct ? ByteBuffer.allocateDirect(4 * count) : ByteBuffer.allocate(4 * count);
        ByteBuffer body = pattern(payload, 7, direct);
        OutputMessage[] messages = new OutputMessage[count];
        for (int i = 0; i < count; i++) {
            slab.putInt(4 * i, i);
            messages[i] = new OutputMessage().address(to).add(slab, 4 * i, 4).add(body, 0, payload);
        }
        return messages;
    }

    /** The index a {@link #numbered} datagram carries. */
    static int indexOf(byte[] datagram) {
        return ByteBuffer.wrap(datagram).getInt(0);
    }
}
