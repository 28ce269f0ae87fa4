package io.salvo.srtp;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.RtpHeader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The unprotecting side of an SRTP session under one master key: checks and decrypts SRTP and
 * SRTCP packets in place (RFC 3711, RFC 7714), for any number of SSRCs.
 *
 * <p>Session keys are derived once, in the constructor. Per SSRC the context keeps the highest
 * authenticated index, from which it estimates each packet's rollover counter (RFC 3711
 * Appendix A), and a replay window of {@value ReplayWindow#SIZE} indexes for SRTP and another
 * for SRTCP (§3.3.2). State for an SSRC is created by its first authentic packet, so forged
 * packets cannot make the context allocate.
 *
 * <p>Rejections are expected on the receive side and are results, not exceptions: the unprotect
 * methods return the plaintext length or a negative {@link SrtpStatus#code()}, and count each
 * reason ({@link #stats()}). The replay check runs before authentication and the window moves
 * only after it, so a forged packet changes nothing; a rejected packet's bytes are left as they
 * were.
 *
 * <pre>{@code
 * int n = srtp.unprotectRtp(datagram, 0, received);
 * if (n < 0) { drop(SrtpStatus.of(n)); } else { handleRtp(datagram, 0, n); }
 * }</pre>
 *
 * <p>Single-threaded. {@link #close()} frees native memory at once; using the context afterwards
 * throws {@link IllegalStateException}.
 */
public final class SrtpReceiver implements AutoCloseable {
    private final SrtpProfile profile;
    private final CryptoBackend backend;
    private final SrtpCounters counters = new SrtpCounters();
    private final PacketCipher rtp;
    private final PacketCipher rtcp;
    private final SsrcTable<Stream> streams = new SsrcTable<>(8);
    private boolean closed;

    /** A receiver for {@code keys} on the backend {@link CryptoBackend#forProfile} picks. */
    public SrtpReceiver(SrtpKeys keys) {
        this(keys, CryptoBackend.forProfile(keys.profile()));
    }

    /**
     * A receiver for {@code keys} on {@code backend}.
     *
     * @throws UnsupportedOperationException if the backend is unavailable here, naming why
     */
    public SrtpReceiver(SrtpKeys keys, CryptoBackend backend) {
        this(SessionKeys.rtp(Objects.requireNonNull(keys, "keys")), SessionKeys.rtcp(keys), backend);
    }

    /** A receiver over session keys given directly (test vectors); the keys are wiped afterwards. */
    SrtpReceiver(SessionKeys rtpKeys, SessionKeys rtcpKeys, CryptoBackend backend) {
        this.profile = rtpKeys.profile;
        this.backend = Objects.requireNonNull(backend, "backend");
        PacketCipher[] ciphers = backend.newCiphers(rtpKeys, rtcpKeys, false, counters);
        this.rtp = ciphers[0];
        this.rtcp = ciphers[1];
    }

    /** The protection profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /** The backend doing the cryptography. */
    public CryptoBackend backend() {
        return backend;
    }

    /**
     * Checks the SRTP packet of {@code length} bytes at {@code offset} of {@code buffer} (heap or
     * direct) and decrypts its payload in place.
     *
     * @return the length of the plain RTP packet (&gt;= 12, the tag dropped), or the negative code
     *         of {@link SrtpStatus#TOO_SHORT}, {@link SrtpStatus#BAD_VERSION},
     *         {@link SrtpStatus#MALFORMED_HEADER}, {@link SrtpStatus#TOO_OLD},
     *         {@link SrtpStatus#REPLAYED} or {@link SrtpStatus#AUTH_FAILED}
     * @throws IndexOutOfBoundsException if the range is outside the buffer
     * @throws IllegalStateException     if closed
     */
    public int unprotectRtp(ByteBuffer buffer, int offset, int length) {
        ensureOpen();
        Bytes.checkRange("SRTP packet", offset, length, buffer.capacity());
        int authenticated = length - profile.rtpTagLength();
        int headerLength = RtpHeaders.length(buffer, offset, authenticated);
        if (headerLength < 0) {
            return rejectRtp(SrtpStatus.of(headerLength));
        }
        long ssrc = RtpHeader.ssrc(buffer, offset);
        int sequenceNumber = RtpHeader.sequenceNumber(buffer, offset);
        Stream stream = streams.get(ssrc);
        ReplayWindow window = stream == null ? null : stream.rtp;
        long index = sequenceNumber;
        if (window != null) {
            index = SrtpIndex.estimate(window.highest(), sequenceNumber);
            if (index < 0) {
                return rejectRtp(SrtpStatus.TOO_OLD);
            }
            SrtpStatus replay = window.check(index);
            if (replay != SrtpStatus.OK) {
                return rejectRtp(replay);
            }
        }
        if (!rtp.unprotectRtp(buffer, offset, length, headerLength, ssrc, index)) {
            return rejectRtp(SrtpStatus.AUTH_FAILED);
        }
        stream = stream != null ? stream : newStream(ssrc);
        if (stream.rtp == null) {
            stream.rtp = new ReplayWindow();
        }
        stream.rtp.accept(index);
        counters.increment(SrtpCounters.RTP_PACKETS);
        return authenticated;
    }

    /**
     * Checks the SRTCP packet of {@code length} bytes at {@code offset} of {@code buffer} and, if
     * its E flag is set, decrypts it in place (a packet sent with E = 0 is authenticated only).
     *
     * @return the length of the plain RTCP packet (index word and tag dropped), or the negative
     *         code of {@link SrtpStatus#TOO_SHORT}, {@link SrtpStatus#BAD_VERSION},
     *         {@link SrtpStatus#TOO_OLD}, {@link SrtpStatus#REPLAYED} or
     *         {@link SrtpStatus#AUTH_FAILED}
     * @throws IndexOutOfBoundsException if the range is outside the buffer
     * @throws IllegalStateException     if closed
     */
    public int unprotectRtcp(ByteBuffer buffer, int offset, int length) {
        ensureOpen();
        Bytes.checkRange("SRTCP packet", offset, length, buffer.capacity());
        int plainLength = length - profile.rtcpOverhead();
        if (plainLength < SrtcpLayout.CLEAR_LENGTH) {
            return rejectRtcp(SrtpStatus.TOO_SHORT);
        }
        if (Bytes.u8(buffer, offset) >>> 6 != RtpHeader.VERSION) {
            return rejectRtcp(SrtpStatus.BAD_VERSION);
        }
        int word = Bytes.i32(buffer, offset + SrtcpLayout.indexOffset(profile, length));
        boolean encrypted = (word & SrtcpLayout.E_FLAG) != 0;
        int index = word & SrtcpLayout.MAX_INDEX;
        long ssrc = Bytes.u32(buffer, offset + 4);
        Stream stream = streams.get(ssrc);
        ReplayWindow window = stream == null ? null : stream.rtcp;
        if (window != null) {
            SrtpStatus replay = window.check(index);
            if (replay != SrtpStatus.OK) {
                return rejectRtcp(replay);
            }
        }
        if (!rtcp.unprotectRtcp(buffer, offset, length, ssrc, index, encrypted)) {
            return rejectRtcp(SrtpStatus.AUTH_FAILED);
        }
        stream = stream != null ? stream : newStream(ssrc);
        if (stream.rtcp == null) {
            stream.rtcp = new ReplayWindow();
        }
        stream.rtcp.accept(index);
        counters.increment(SrtpCounters.RTCP_PACKETS);
        return plainLength;
    }

    /** The SRTP index of {@code ssrc}'s highest accepted packet (ROC × 65536 + SEQ), or -1. */
    public long highestIndex(long ssrc) {
        Stream stream = streams.get(ssrc);
        return stream == null || stream.rtp == null ? -1 : stream.rtp.highest();
    }

    /** A snapshot of the counters; callable from any thread, also after {@link #close()}. */
    public SrtpStats stats() {
        return counters.snapshot();
    }

    /** Frees the backend's native memory and forgets the keys; later unprotect calls throw. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rtp.close();
            rtcp.close();
            streams.clear();
        }
    }

    private int rejectRtp(SrtpStatus status) {
        counters.rejectedRtp(status);
        return status.code();
    }

    private int rejectRtcp(SrtpStatus status) {
        counters.rejectedRtcp(status);
        return status.code();
    }

    private Stream newStream(long ssrc) {
        Stream stream = new Stream();
        streams.put(ssrc, stream);
        counters.increment(SrtpCounters.STREAMS);
        return stream;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SrtpReceiver is closed");
        }
    }

    @Override
    public String toString() {
        return "SrtpReceiver[" + profile.sdpName() + ", " + backend + (closed ? ", closed" : "") + "]";
    }

    /** Per-SSRC state of the unprotecting side: one replay window per protocol, made on first use. */
    private static final class Stream {
        ReplayWindow rtp;
        ReplayWindow rtcp;
    }
}
