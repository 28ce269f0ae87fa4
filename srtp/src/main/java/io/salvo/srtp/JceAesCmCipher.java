package io.salvo.srtp;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * AES-CM + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1) on the JDK, without allocating per packet.
 *
 * <p>Protect reads the source vectors once into a reused heap stage (the one copy encryption
 * forces: the JDK's ciphers and digests take arrays, and a direct buffer handed to them is copied
 * through a temporary array anyway), encrypts into a second reused array ({@link JceCounterMode}
 * wants distinct input and output), authenticates it there and writes it to {@code out} in one
 * bulk put. Unprotect authenticates a heap buffer's array in place (a direct buffer through the
 * stage), and only then decrypts, writing the payload back.
 */
final class JceAesCmCipher implements PacketCipher {
    private final JceCounterMode counterMode;
    private final JceHmacSha1 hmac;
    private final SrtpIv iv;
    private final int tagLength;
    private final byte[] mac = new byte[JceHmacSha1.LENGTH];
    private byte[] stage = new byte[2048];
    private byte[] packet = new byte[2048];

    /** A cipher over {@code keys} with tags of {@code tagLength} bytes (10 or 4). */
    JceAesCmCipher(SessionKeys keys, int tagLength) {
        this(new JceCounterMode(keys.encryptionKey), keys, tagLength);
    }

    /** A cipher whose counter mode is given (tests of the AES/ECB fallback). */
    JceAesCmCipher(JceCounterMode counterMode, SessionKeys keys, int tagLength) {
        this.counterMode = counterMode;
        this.hmac = new JceHmacSha1(keys.authenticationKey);
        this.iv = new SrtpIv(keys.salt);
        this.tagLength = tagLength;
    }

    @Override
    public int protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer out,
                          int outOffset) {
        int total = length + tagLength;
        byte[] s = stage(length);
        byte[] p = packet(total);
        Gather.copy(source, s);
        System.arraycopy(s, 0, p, 0, headerLength);
        counterMode.crypt(iv.counterHigh(ssrc), iv.counterLow(index), s, headerLength, length - headerLength, p,
                headerLength);
        hmac.start();
        hmac.update(p, 0, length);
        hmac.updateInt(SrtpIndex.roc(index));
        hmac.finish(mac, 0);
        System.arraycopy(mac, 0, p, length, tagLength);
        out.put(outOffset, p, 0, total);
        return total;
    }

    @Override
    public int protectRtcp(ByteBuffer rtcp, int offset, int length, long ssrc, int index, ByteBuffer out, int outOffset) {
        int clear = SrtcpLayout.CLEAR_LENGTH;
        int authenticated = length + SrtpProfile.SRTCP_INDEX_LENGTH;
        int total = authenticated + tagLength;
        byte[] s = stage(length);
        byte[] p = packet(total);
        rtcp.get(offset, s, 0, length);
        System.arraycopy(s, 0, p, 0, clear);
        counterMode.crypt(iv.counterHigh(ssrc), iv.counterLow(index), s, clear, length - clear, p, clear);
        SrtcpLayout.writeIndex(p, length, index, true);
        hmac.start();
        hmac.update(p, 0, authenticated);
        hmac.finish(mac, 0);
        System.arraycopy(mac, 0, p, authenticated, tagLength);
        out.put(outOffset, p, 0, total);
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
        hmac.updateInt(SrtpIndex.roc(index));
        hmac.finish(mac, 0);
        if (!ConstantTime.equal(mac, 0, data, base + authenticated, tagLength)) {
            return false;
        }
        decryptBack(buffer, offset, data, base, headerLength, authenticated - headerLength, ssrc, index);
        return true;
    }

    @Override
    public boolean unprotectRtcp(ByteBuffer buffer, int offset, int length, long ssrc, int index, boolean encrypted) {
        int authenticated = length - tagLength;
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
            decryptBack(buffer, offset, data, base, clear, authenticated - SrtpProfile.SRTCP_INDEX_LENGTH - clear, ssrc,
                    index);
        }
        return true;
    }

    /** Decrypts {@code length} bytes at {@code from} of the packet (held in {@code data} at {@code base}) back into {@code buffer}. */
    private void decryptBack(ByteBuffer buffer, int offset, byte[] data, int base, int from, int length, long ssrc,
                             long index) {
        byte[] p = packet(length);
        counterMode.crypt(iv.counterHigh(ssrc), iv.counterLow(index), data, base + from, length, p, 0);
        buffer.put(offset + from, p, 0, length);
    }

    private byte[] stage(int length) {
        if (length > stage.length) {
            stage = new byte[Integer.highestOneBit(length - 1) << 1];
        }
        return stage;
    }

    private byte[] packet(int length) {
        if (length > packet.length) {
            packet = new byte[Integer.highestOneBit(length - 1) << 1];
        }
        return packet;
    }

    @Override
    public void close() {
        counterMode.clear();
        hmac.clear();
        Arrays.fill(stage, (byte) 0);
        Arrays.fill(packet, (byte) 0);
    }
}
