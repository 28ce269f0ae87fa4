package io.salvo.sender;

import io.salvo.rtp.OutputMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

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

    /**
     * One message per entry of {@code lengths} (each at least 4), all to {@code to}: a 4-byte
     * index header from a direct slab, then {@code length - 4} bytes of a direct pattern buffer
     * starting at the index, so every datagram's bytes differ.
     */
    static OutputMessage[] sized(InetSocketAddress to, int... lengths) {
        int longest = 0;
        for (int length : lengths) {
            longest = Math.max(longest, length);
        }
        ByteBuffer slab = ByteBuffer.allocateDirect(4 * lengths.length);
        ByteBuffer body = pattern(longest + lengths.length, 11, true);
        OutputMessage[] messages = new OutputMessage[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            slab.putInt(4 * i, i);
            messages[i] = new OutputMessage().address(to).add(slab, 4 * i, 4).add(body, i, lengths[i] - 4);
        }
        return messages;
    }

    /** {@code count} copies of {@code length}. */
    static int[] repeat(int count, int length) {
        int[] lengths = new int[count];
        Arrays.fill(lengths, length);
        return lengths;
    }

    /** The index a {@link #numbered} datagram carries. */
    static int indexOf(byte[] datagram) {
        return ByteBuffer.wrap(datagram).getInt(0);
    }
}
