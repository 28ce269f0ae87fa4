package io.salvo.srtp;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * AES-CM + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1) on the JDK, without allocating per packet.
 *
 * <p>Protect reads the source vectors once into a reused heap stage (the one copy encryption
 * forces), encrypts and authenticates there, and writes the stage to {@code out} in one bulk put:
 * the JDK's ciphers and digests take arrays, and a direct buffer handed to them is copied through
 * a temporary array anyway. Unprotect works in place in a heap buffer's array, or through the
 * stage for a direct buffer (copy in, verify, decrypt, copy the payload back).
 */
final class JceAesCmCipher implements PacketCipher {
    private final JceKeystream keystream;
    private final JceHmacSha1 hmac;
    private final SrtpIv iv;
    private final int tagLength;
    private final byte[] mac = new byte[JceHmacSha1.LENGTH];
    private byte[] stage = new byte[2048];

    /** A cipher over {@code keys} with tags of {@code tagLength} bytes (10 or 4). */
    JceAesCmCipher(SessionKeys keys, int tagLength) {
        this.keystream = new JceKeystream(keys.encryptionKey);
        this.hmac = new JceHmacSha1(keys.authenticationKey);
        this.iv = new SrtpIv(keys.salt);
        this.tagLength = tagLength;
    }

    @Override
    public int protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer out,
                          int outOffset) {
        int total = length + tagLength;
        byte[] s = stage(total);
        Gather.copy(source, s);
        keystream.xor(iv.counterHigh(ssrc), iv.counterLow(index), s, headerLength, length - headerLength);
        hmac.start();
        hmac.update(s, 0, length);
        hmac.updateInt(index >>> 16);
        hmac.finish(mac, 0);
        System.arraycopy(mac, 0, s, length, tagLength);
        out.put(outOffset, s, 0, total);
        return total;
    }

    @Override
    public int protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer out, int outOffset) {
        int authenticated = length + SrtpProfile.SRTCP_INDEX_LENGTH;
        int total = authenticated + tagLength;
        byte[] s = stage(total);
        packet.get(offset, s, 0, length);
        keystream.xor(iv.counterHigh(ssrc), iv.counterLow(index), s, SrtcpLayout.CLEAR_LENGTH,
                length - SrtcpLayout.CLEAR_LENGTH);
        SrtcpLayout.writeIndex(s, length, index, true);
        hmac.start();
        hmac.update(s, 0, authenticated);
        hmac.finish(mac, 0);
        System.arraycopy(mac, 0, s, authenticated, tagLength);
        out.put(outOffset, s, 0, total);
        return total;
    }

    @Override
    public boolean unprotectRtp(ByteBuffer buffer, int offset, int length, int headerLength, long ssrc, long index) {
        int authenticated = length - tagLength;
        boolean inPlace = buffer.hasArray();
        byte[] data = inPlace ? buffer.array() : stage(length);
        int base = inPlace ? buffer.arrayOffset() + offset : 0;
        if (!inPlace) {
            buffer.get(offset, data, 0, length);
        }
        hmac.start();
        hmac.update(data, base, authenticated);
        hmac.updateInt(index >>> 16);
        hmac.finish(mac, 0);
        if (!ConstantTime.equal(mac, 0, data, base + authenticated, tagLength)) {
            return false;
        }
        keystream.xor(iv.counterHigh(ssrc), iv.counterLow(index), data, base + headerLength, authenticated - headerLength);
        if (!inPlace) {
            buffer.put(offset + headerLength, data, headerLength, authenticated - headerLength);
        }
        return true;
    }

    @Override
    public boolean unprotectRtcp(ByteBuffer buffer, int offset, int length, long ssrc, int index, boolean encrypted) {
        int authenticated = length - tagLength;
        int packetLength = authenticated - SrtpProfile.SRTCP_INDEX_LENGTH;
        boolean inPlace = buffer.hasArray();
        byte[] data = inPlace ? buffer.array() : stage(length);
        int base = inPlace ? buffer.arrayOffset() + offset : 0;
        if (!inPlace) {
            buffer.get(offset, data, 0, length);
        }
        hmac.start();
        hmac.update(data, base, authenticated);
        hmac.finish(mac, 0);
        if (!ConstantTime.equal(mac, 0, data, base + authenticated, tagLength)) {
            return false;
        }
        if (encrypted) {
            int clear = SrtcpLayout.CLEAR_LENGTH;
            keystream.xor(iv.counterHigh(ssrc), iv.counterLow(index), data, base + clear, packetLength - clear);
            if (!inPlace) {
                buffer.put(offset + clear, data, clear, packetLength - clear);
            }
        }
        return true;
    }

    private byte[] stage(int length) {
        if (length > stage.length) {
            stage = new byte[Integer.highestOneBit(length - 1) << 1];
        }
        return stage;
    }

    @Override
    public void close() {
        keystream.clear();
        hmac.clear();
        Arrays.fill(stage, (byte) 0);
    }
}
