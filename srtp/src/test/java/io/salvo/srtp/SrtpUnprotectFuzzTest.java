package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzz target of {@link SrtpReceiver#unprotectRtp} and {@link SrtpReceiver#unprotectRtcp} (Jazzer),
 * on every profile and every backend available here, heap and direct buffers, at any offset.
 *
 * <p>Input, byte 0: bits 0-1 the profile, bit 2 the backend (JCE, OpenSSL), bit 3 RTCP instead of
 * RTP, bit 4 a direct buffer, bits 5-6 the case; byte 1: the datagram's offset (0..31); then:
 * <ul>
 *   <li>case 0, any datagram: the rest is unprotected as received. It is rejected or accepted,
 *       never an exception; a rejected datagram's bytes are left as they were, and nothing outside
 *       the datagram is written either way.</li>
 *   <li>case 1, round trip: the rest is a plain packet; if {@link SrtpSender} takes it (or names
 *       the problem with an {@link IllegalArgumentException}), a fresh receiver accepts the
 *       protected packet and gives back the plain bytes.</li>
 *   <li>case 2, one byte damaged: bytes 2-3 a position in the protected packet, byte 4 a non-zero
 *       XOR mask, then the plain packet: the damaged packet is rejected and left as it was.</li>
 *   <li>case 3, a sequence: byte 2 the number of packets n (1..8), then n sequence numbers of 2
 *       bytes (RTP), a byte m for the deliveries (1..16), m bytes each naming a packet, then the
 *       plain packet they are all made from. Every packet accepted gives back its plain bytes, a
 *       packet is never accepted twice (replay), and the first packet protected, delivered first,
 *       is accepted.</li>
 * </ul>
 *
 * <p>{@code mvn test} runs it on the seeds and saved findings under
 * {@code src/test/resources/io/salvo/srtp/SrtpUnprotectFuzzTestInputs/}; {@code bench/scripts/fuzz.sh}
 * fuzzes it.
 */
class SrtpUnprotectFuzzTest {
    private static final int MAX_OFFSET = 31;
    private static final int SLACK = 24;
    private static final byte FILLER = (byte) 0xEE;

    @FuzzTest
    void shouldRejectOrRestoreAnySrtpPacket(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int mode = input[0] & 0xFF;
        SrtpProfile profile = SrtpProfile.values()[mode & 3];
        CryptoBackend backend = (mode & 4) == 0 ? CryptoBackend.JCE : CryptoBackend.OPENSSL;
        if (!backend.isAvailable()) {
            return;
        }
        boolean rtcp = (mode & 8) != 0;
        boolean direct = (mode & 16) != 0;
        int offset = input[1] & MAX_OFFSET;
        Input rest = new Input(input, 2);
        SrtpKeys keys = Cases.keys(profile);
        try (SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            switch ((mode >>> 5) & 3) {
                case 0:
                    anyDatagram(receiver, rtcp, direct, offset, rest.remaining());
                    break;
                case 1:
                    roundTrip(keys, backend, receiver, rtcp, direct, offset, rest.remaining());
                    break;
                case 2:
                    damaged(keys, backend, receiver, rtcp, direct, offset, rest);
                    break;
                default:
                    sequence(keys, backend, receiver, rtcp, direct, offset, rest);
                    break;
            }
        }
    }

    private static void anyDatagram(SrtpReceiver receiver, boolean rtcp, boolean direct, int offset, byte[] datagram) {
        ByteBuffer buffer = place(datagram, offset, direct);
        int result = unprotect(receiver, rtcp, buffer, offset, datagram.length);
        assertOutsideUntouched(buffer, offset, datagram.length);
        if (result < 0) {
            assertArrayEquals(datagram, bytes(buffer, offset, datagram.length), "a rejected datagram was changed");
        } else {
            assertTrue(result <= datagram.length, "plain length " + result + " beyond the datagram");
        }
        assertCounted(receiver, rtcp, result);
    }

    private static void roundTrip(SrtpKeys keys, CryptoBackend backend, SrtpReceiver receiver, boolean rtcp,
                                  boolean direct, int offset, byte[] plain) {
        byte[] protectedPacket = protect(keys, backend, rtcp, plain, 1)[0];
        if (protectedPacket == null) {
            return;
        }
        ByteBuffer buffer = place(protectedPacket, offset, direct);
        int result = unprotect(receiver, rtcp, buffer, offset, protectedPacket.length);
        assertEquals(plain.length, result, () -> "round trip rejected: " + SrtpStatus.of(result));
        assertArrayEquals(plain, bytes(buffer, offset, result), "round trip changed the plain packet");
        assertOutsideUntouched(buffer, offset, protectedPacket.length);
        assertCounted(receiver, rtcp, result);
    }

    private static void damaged(SrtpKeys keys, CryptoBackend backend, SrtpReceiver receiver, boolean rtcp,
                                boolean direct, int offset, Input rest) {
        int position = rest.u16();
        int mask = rest.u8() | 1;
        byte[] protectedPacket = protect(keys, backend, rtcp, rest.remaining(), 1)[0];
        if (protectedPacket == null) {
            return;
        }
        protectedPacket[position % protectedPacket.length] ^= (byte) mask;
        ByteBuffer buffer = place(protectedPacket, offset, direct);
        int result = unprotect(receiver, rtcp, buffer, offset, protectedPacket.length);
        assertTrue(result < 0, () -> "a packet damaged at byte " + position % protectedPacket.length + " was accepted");
        assertArrayEquals(protectedPacket, bytes(buffer, offset, protectedPacket.length), "a rejected packet was changed");
        assertOutsideUntouched(buffer, offset, protectedPacket.length);
        assertCounted(receiver, rtcp, result);
    }

    private static void sequence(SrtpKeys keys, CryptoBackend backend, SrtpReceiver receiver, boolean rtcp,
                                 boolean direct, int offset, Input rest) {
        int count = 1 + rest.u8() % 8;
        int[] sequenceNumbers = new int[count];
        for (int i = 0; i < count; i++) {
            sequenceNumbers[i] = rest.u16();
        }
        int deliveries = 1 + rest.u8() % 16;
        int[] order = new int[deliveries];
        for (int i = 0; i < deliveries; i++) {
            order[i] = rest.u8() % count;
        }
        byte[] template = rest.remaining();
        byte[][] plain = new byte[count][];
        for (int i = 0; i < count; i++) {
            plain[i] = template.clone();
            if (!rtcp && plain[i].length >= 4) {
                plain[i][2] = (byte) (sequenceNumbers[i] >>> 8);
                plain[i][3] = (byte) sequenceNumbers[i];
            }
        }
        byte[][] protectedPackets = protect(keys, backend, rtcp, plain, count);
        if (protectedPackets[0] == null) {
            return;
        }
        boolean[] accepted = new boolean[count];
        for (int i = 0; i < deliveries; i++) {
            int packet = order[i];
            byte[] datagram = protectedPackets[packet];
            ByteBuffer buffer = place(datagram, offset, direct);
            int result = unprotect(receiver, rtcp, buffer, offset, datagram.length);
            assertOutsideUntouched(buffer, offset, datagram.length);
            if (result < 0) {
                assertArrayEquals(datagram, bytes(buffer, offset, datagram.length), "a rejected packet was changed");
                continue;
            }
            assertFalse(accepted[packet], () -> "packet " + packet + " accepted twice (a replay)");
            accepted[packet] = true;
            assertArrayEquals(plain[packet], bytes(buffer, offset, result), "packet " + packet + " came back changed");
        }
        if (order[0] == 0) {
            assertTrue(accepted[0], "the first packet protected, delivered first, was rejected");
        }
    }

    /** Protects copies of {@code plain} in turn with one new sender; nulls if it refuses the packet. */
    private static byte[][] protect(SrtpKeys keys, CryptoBackend backend, boolean rtcp, byte[] plain, int copies) {
        byte[][] all = new byte[copies][];
        Arrays.fill(all, plain);
        return protect(keys, backend, rtcp, all, copies);
    }

    private static byte[][] protect(SrtpKeys keys, CryptoBackend backend, boolean rtcp, byte[][] plain, int count) {
        byte[][] out = new byte[count][];
        try (SrtpSender sender = new SrtpSender(keys, backend)) {
            for (int i = 0; i < count; i++) {
                ByteBuffer source = ByteBuffer.wrap(plain[i].clone());
                int overhead = rtcp ? sender.profile().rtcpOverhead() : sender.profile().rtpTagLength();
                ByteBuffer target = ByteBuffer.allocateDirect(plain[i].length + overhead);
                int written;
                try {
                    written = rtcp ? sender.protectRtcp(source, 0, plain[i].length, target, 0)
                            : sender.protectRtp(source, 0, plain[i].length, target, 0);
                } catch (IllegalArgumentException refused) {
                    assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank(), "refused without a reason");
                    return new byte[count][];
                }
                assertEquals(plain[i].length + overhead, written, "protected length");
                out[i] = bytes(target, 0, written);
            }
        }
        return out;
    }

    private static int unprotect(SrtpReceiver receiver, boolean rtcp, ByteBuffer buffer, int offset, int length) {
        int result = rtcp ? receiver.unprotectRtcp(buffer, offset, length) : receiver.unprotectRtp(buffer, offset, length);
        SrtpStatus.of(result);
        return result;
    }

    /** One packet went in: counted once, as accepted or under its reason. */
    private static void assertCounted(SrtpReceiver receiver, boolean rtcp, int result) {
        SrtpStats stats = receiver.stats();
        assertEquals(result >= 0 ? 1 : 0, rtcp ? stats.rtcpPackets() : stats.rtpPackets(),
                () -> "counted as accepted: " + stats);
        assertEquals(result >= 0 ? 0 : 1, stats.rejected(), () -> "counted as rejected: " + stats);
        if (result < 0) {
            SrtpStatus status = SrtpStatus.of(result);
            assertEquals(1, rtcp ? stats.rtcpRejected(status) : stats.rtpRejected(status),
                    () -> "counted under " + status + ": " + stats);
        }
    }

    /** The datagram at {@code offset} of a buffer of filler; the limit at its end. */
    private static ByteBuffer place(byte[] datagram, int offset, boolean direct) {
        int capacity = offset + datagram.length + SLACK;
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        for (int i = 0; i < capacity; i++) {
            buffer.put(i, FILLER);
        }
        buffer.put(offset, datagram);
        return buffer;
    }

    private static void assertOutsideUntouched(ByteBuffer buffer, int offset, int length) {
        for (int i = 0; i < buffer.capacity(); i++) {
            if (i < offset || i >= offset + length) {
                assertEquals(FILLER, buffer.get(i), "byte " + i + " outside the datagram was written");
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    /** The input after its first bytes, read front to back; 0 once used up. */
    private static final class Input {
        private final byte[] bytes;
        private int position;

        Input(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        int u8() {
            return position < bytes.length ? bytes[position++] & 0xFF : 0;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        byte[] remaining() {
            byte[] rest = Arrays.copyOfRange(bytes, Math.min(position, bytes.length), bytes.length);
            position = bytes.length;
            return rest;
        }
    }
}
