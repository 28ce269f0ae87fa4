package io.salvo.srtp;

import io.salvo.rtp.OutputMessage;
import java.nio.ByteBuffer;

/**
 * The cryptographic transform of one protocol's session keys (SRTP or SRTCP) in one direction,
 * as one backend does it. The contexts ({@link SrtpSender}, {@link SrtpReceiver}) parse headers,
 * track indexes and replay; a cipher only encrypts, decrypts and authenticates, and has checked
 * nothing about the packet itself. Nothing here allocates per packet unless
 * {@link CryptoBackend#allocatesPerPacket} says so.
 *
 * <p>Packet layouts (L = the packet's length before protection):
 * <pre>
 * SRTP            header (clear) | payload (encrypted)                | tag
 * SRTCP, AES-CM   first 8 bytes (clear) | rest (encrypted) | E+index  | tag
 * SRTCP, AES-GCM  first 8 bytes (clear) | rest (encrypted) | tag      | E+index
 * </pre>
 */
interface PacketCipher {
    /**
     * Protects the RTP packet made of {@code source}'s vectors ({@code length} bytes, the header
     * being the first {@code headerLength} bytes of vector 0) into {@code out} at {@code outOffset},
     * which has room for {@code length} + tag bytes.
     *
     * @return the bytes written: {@code length} + tag
     */
    int protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer out, int outOffset);

    /**
     * Protects the RTCP packet of {@code length} bytes at {@code offset} of {@code packet} into
     * {@code out}, encrypted (E = 1) under SRTCP index {@code index}.
     *
     * @return the bytes written: {@code length} + 4 + tag
     */
    int protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer out, int outOffset);

    /**
     * Authenticates the SRTP packet of {@code length} bytes (tag included) at {@code offset} and, if
     * authentic, decrypts its payload in place. When this returns false the bytes are as they
     * were.
     *
     * @return true when the tag is right
     */
    boolean unprotectRtp(ByteBuffer buffer, int offset, int length, int headerLength, long ssrc, long index);

    /**
     * Authenticates the SRTCP packet of {@code length} bytes (index word and tag included) and, if
     * authentic and {@code encrypted}, decrypts it in place.
     *
     * @return true when the tag is right
     */
    boolean unprotectRtcp(ByteBuffer buffer, int offset, int length, long ssrc, int index, boolean encrypted);

    /** Frees native resources and overwrites key material; the cipher is unusable afterwards. */
    void close();
}
