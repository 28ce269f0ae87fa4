package io.salvo.srtp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Parameter sources and small builders shared by the tests. */
final class Cases {
    private Cases() {
    }

    /** Every backend; tests skip (with the reason) the ones unavailable here. */
    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.values());
    }

    /** Every profile × every backend. */
    static Stream<Arguments> profilesAndBackends() {
        List<Arguments> cases = new ArrayList<>();
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (CryptoBackend backend : CryptoBackend.values()) {
                cases.add(Arguments.of(profile, backend));
            }
        }
        return cases.stream();
    }

    /** Skips the test when {@code backend} cannot run here. */
    static void assumeAvailable(CryptoBackend backend) {
        assumeTrue(backend.isAvailable(), () -> backend + " unavailable: " + backend.unavailableReason());
    }

    /** Fixed keys of {@code profile}: key bytes 0, 1, 2, …, salt bytes 0xA0, 0xA1, …. */
    static SrtpKeys keys(SrtpProfile profile) {
        byte[] key = new byte[profile.masterKeyLength()];
        byte[] salt = new byte[profile.masterSaltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (0xA0 + i);
        }
        return new SrtpKeys(profile, key, salt);
    }

    /** A direct buffer of {@code capacity} bytes. */
    static ByteBuffer direct(int capacity) {
        return ByteBuffer.allocateDirect(capacity);
    }

    /** A buffer holding {@code bytes} at {@code offset}, direct or heap. */
    static ByteBuffer at(int offset, byte[] bytes, int capacity, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        buffer.put(offset, bytes);
        return buffer;
    }

    /** {@code length} bytes of {@code buffer} at {@code offset}. */
    static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] copy = new byte[length];
        buffer.get(offset, copy, 0, length);
        return copy;
    }

    /**
     * A plain RTP packet: V=2, PT 96, the given sequence number, timestamp 1000, SSRC, and
     * {@code payloadLength} payload bytes 1, 8, 15, …
     */
    static byte[] rtp(long ssrc, int sequenceNumber, int payloadLength) {
        byte[] packet = new byte[12 + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (sequenceNumber >>> 8);
        packet[3] = (byte) sequenceNumber;
        packet[6] = 0x03;
        packet[7] = (byte) 0xE8;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        for (int i = 0; i < payloadLength; i++) {
            packet[12 + i] = (byte) (i * 7 + 1);
        }
        return packet;
    }

    /** A plain RTCP RR without report blocks from {@code ssrc}, followed by an SDES CNAME "salvo". */
    static byte[] rtcp(long ssrc) {
        byte[] packet = Hex.bytes(
                "80 c9 00 01 00 00 00 00"                                      // RR, RC=0, length 1, SSRC
                        + " 81 ca 00 03 00 00 00 00 01 05 73 61 6c 76 6f 00"); // SDES, SC=1, SSRC, CNAME "salvo", end
        for (int at : new int[]{4, 12}) {
            packet[at] = (byte) (ssrc >>> 24);
            packet[at + 1] = (byte) (ssrc >>> 16);
            packet[at + 2] = (byte) (ssrc >>> 8);
            packet[at + 3] = (byte) ssrc;
        }
        return packet;
    }
}
