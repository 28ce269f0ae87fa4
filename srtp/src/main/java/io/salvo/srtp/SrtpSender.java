package io.salvo.srtp;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpHeader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The protecting side of an SRTP session under one master key: turns RTP packets into SRTP and
 * RTCP packets into SRTCP (RFC 3711, RFC 7714), for any number of SSRCs.
 *
 * <p>Session keys are derived once, here in the constructor; per SSRC the context keeps the
 * highest packet index (ROC and sequence number) and the next SRTCP index, made when an SSRC
 * first appears (the only allocation after construction). Packets of an SSRC must be
 * protected in sequence-number order: the ROC goes up when the sequence number wraps. An older
 * sequence number than the highest (a resend) is protected under the index it had (RFC 3711
 * §3.3.1 estimation); it must be the same packet, since the same index means the same keystream.
 *
 * <pre>{@code
 * SrtpSender srtp = new SrtpSender(keys);                       // backend per profile, see CryptoBackend
 * int n = srtp.protectRtp(packet.message(), slot, slotOffset);  // header clear, payload encrypted, tag
 * }</pre>
 *
 * <p>Single-threaded. {@link #close()} frees native memory at once; using the context afterwards
 * throws {@link IllegalStateException}. Caller bugs (an output too small, a malformed header) are
 * exceptions naming the problem; nothing is written then and no index is used up.
 */
public final class SrtpSender implements AutoCloseable {
    private final SrtpProfile profile;
    private final CryptoBackend backend;
    private final SrtpCounters counters = new SrtpCounters();
    private final PacketCipher rtp;
    private final PacketCipher rtcp;
    private final SsrcTable<Stream> streams = new SsrcTable<>(8);
    private final OutputMessage single = new OutputMessage();
    private boolean closed;

    /** A sender for {@code keys} on the backend {@link CryptoBackend#forProfile} picks. */
    public SrtpSender(SrtpKeys keys) {
        this(keys, CryptoBackend.forProfile(keys.profile()));
    }

    /**
     * A sender for {@code keys} on {@code backend}.
     *
     * @throws UnsupportedOperationException if the backend is unavailable here, naming why
     */
    public SrtpSender(SrtpKeys keys, CryptoBackend backend) {
        this(SessionKeys.rtp(Objects.requireNonNull(keys, "keys")), SessionKeys.rtcp(keys), backend);
    }

    /** A sender over session keys given directly (test vectors); the keys are wiped afterwards. */
    SrtpSender(SessionKeys rtpKeys, SessionKeys rtcpKeys, CryptoBackend backend) {
        this.profile = rtpKeys.profile;
        this.backend = Objects.requireNonNull(backend, "backend");
        PacketCipher[] ciphers = backend.newCiphers(rtpKeys, rtcpKeys, true, counters);
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
     * Protects the RTP packet made of {@code packet}'s vectors into {@code out} at
     * {@code outOffset}: the header (fixed part, CSRCs, extension; it must lie in the first
     * vector) in clear, the payload encrypted, then the tag. The source bytes are read once; heap
     * and direct sources both work (the OpenSSL backend copies heap vectors to native memory and
     * counts it). {@code out} must not overlap the source, except exactly in place.
     *
     * @return bytes written: the packet's length + {@link SrtpProfile#rtpTagLength()}
     * @throws IllegalArgumentException  if the packet has no vectors, is shorter than 12 bytes, is
     *                                   not version 2, or its header does not fit the first vector
     * @throws IndexOutOfBoundsException if {@code out} has no room for the protected packet there
     * @throws IllegalStateException     if closed
     */
    public int protectRtp(OutputMessage packet, ByteBuffer out, int outOffset) {
        ensureOpen();
        if (packet.vectorCount() == 0) {
            throw new IllegalArgumentException("RTP packet has no vectors");
        }
        OutputVector first = packet.vector(0);
        int length = packet.length();
        int headerLength = RtpHeaders.length(first.buffer(), first.offset(), Math.min(length, first.length()));
        if (headerLength < 0) {
            int wholeHeader = RtpHeaders.length(first.buffer(), first.offset(), length);
            if (wholeHeader > 0) {
                throw new IllegalArgumentException("RTP header of " + wholeHeader + " bytes must lie in the first vector ("
                        + first.length() + " bytes)");
            }
            throw new IllegalArgumentException(RtpHeaders.describe(first.buffer(), first.offset(), length, wholeHeader));
        }
        Bytes.checkRange("SRTP output", outOffset, length + profile.rtpTagLength(), out.capacity());
        long ssrc = RtpHeader.ssrc(first.buffer(), first.offset());
        long index = nextIndex(ssrc, RtpHeader.sequenceNumber(first.buffer(), first.offset()));
        int written = rtp.protectRtp(packet, length, headerLength, ssrc, index, out, outOffset);
        counters.increment(SrtpCounters.RTP_PACKETS);
        return written;
    }

    /**
     * Protects the RTP packet of {@code length} bytes at {@code offset} of {@code packet}, as
     * {@link #protectRtp(OutputMessage, ByteBuffer, int)} does a one-vector message.
     */
    public int protectRtp(ByteBuffer packet, int offset, int length, ByteBuffer out, int outOffset) {
        ensureOpen();
        single.add(packet, offset, length);
        try {
            return protectRtp(single, out, outOffset);
        } finally {
            single.clear();
        }
    }

    /**
     * Protects the RTCP (compound) packet of {@code length} bytes at {@code offset} of
     * {@code packet} into {@code out}: the first 8 bytes in clear, the rest encrypted, the E flag
     * and the SSRC's next 31-bit SRTCP index, and the tag (RFC 3711 §3.4; RFC 7714 §9 puts the tag
     * before the index word). The index counts from 0 per SSRC; after 2<sup>31</sup> packets it
     * would repeat, and the master key must have been replaced before (RFC 3711 §9.2), as before
     * 2<sup>48</sup> RTP packets of one SSRC.
     *
     * @return bytes written: {@code length} + {@link SrtpProfile#rtcpOverhead()}
     * @throws IllegalArgumentException  if the packet is shorter than 8 bytes or not version 2
     * @throws IndexOutOfBoundsException if the packet's range is outside its buffer or {@code out}
     *                                   has no room
     * @throws IllegalStateException     if closed
     */
    public int protectRtcp(ByteBuffer packet, int offset, int length, ByteBuffer out, int outOffset) {
        ensureOpen();
        Bytes.checkRange("RTCP packet", offset, length, packet.capacity());
        if (length < SrtcpLayout.CLEAR_LENGTH) {
            throw new IllegalArgumentException("RTCP packet of " + length
                    + " bytes is shorter than the 8 bytes of header and sender SSRC");
        }
        int version = Bytes.u8(packet, offset) >>> 6;
        if (version != RtpHeader.VERSION) {
            throw new IllegalArgumentException("RTCP version must be 2, was " + version);
        }
        int total = length + profile.rtcpOverhead();
        Bytes.checkRange("SRTCP output", outOffset, total, out.capacity());
        long ssrc = Bytes.u32(packet, offset + 4);
        Stream stream = stream(ssrc);
        int index = stream.nextRtcpIndex;
        stream.nextRtcpIndex = (index + 1) & SrtcpLayout.MAX_INDEX;
        int written = rtcp.protectRtcp(packet, offset, length, ssrc, index, out, outOffset);
        counters.increment(SrtpCounters.RTCP_PACKETS);
        return written;
    }

    /**
     * The rollover counter of {@code ssrc}'s highest protected packet (what a receiver joining
     * late needs to be told), or -1 if none was protected.
     */
    public long rolloverCounter(long ssrc) {
        Stream stream = streams.get(ssrc);
        return stream == null || stream.highestIndex < 0 ? -1 : SrtpIndex.roc(stream.highestIndex);
    }

    /** A snapshot of the counters; callable from any thread, also after {@link #close()}. */
    public SrtpStats stats() {
        return counters.snapshot();
    }

    /** Frees the backend's native memory and forgets the keys; later protect calls throw. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rtp.close();
            rtcp.close();
            streams.clear();
        }
    }

    /** Sets the SRTCP index the next RTCP packet of {@code ssrc} is protected with (test vectors). */
    void nextSrtcpIndex(long ssrc, int index) {
        stream(ssrc).nextRtcpIndex = index & SrtcpLayout.MAX_INDEX;
    }

    private long nextIndex(long ssrc, int sequenceNumber) {
        Stream stream = stream(ssrc);
        if (stream.highestIndex < 0) {
            stream.highestIndex = sequenceNumber;
            return sequenceNumber;
        }
        long index = SrtpIndex.estimate(stream.highestIndex, sequenceNumber);
        if (index < 0) {
            throw new IllegalArgumentException("sequence number " + sequenceNumber + " of SSRC " + ssrc
                    + " comes before the first packet protected for it (highest index " + stream.highestIndex
                    + "): SRTP has no index (rollover counter below 0) for it");
        }
        if (index > stream.highestIndex) {
            stream.highestIndex = index;
        }
        return index;
    }

    private Stream stream(long ssrc) {
        Stream stream = streams.get(ssrc);
        if (stream == null) {
            stream = new Stream();
            streams.put(ssrc, stream);
            counters.increment(SrtpCounters.STREAMS);
        }
        return stream;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SrtpSender is closed");
        }
    }

    @Override
    public String toString() {
        return "SrtpSender[" + profile.sdpName() + ", " + backend + (closed ? ", closed" : "") + "]";
    }

    /** Per-SSRC state of the protecting side. */
    private static final class Stream {
        long highestIndex = -1;
        int nextRtcpIndex;
    }
}
