package io.salvo.sender;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Told, on the transmitter thread, about RTCP feedback a producer can act on. Return quickly:
 * the thread also sends. Counters of everything received are in {@link RtcpStats} whether or
 * not a listener is set.
 */
public interface RtcpListener {
    /** A listener that ignores everything. */
    RtcpListener NONE = new RtcpListener() {
    };

    /**
     * A receiver asked for a keyframe on {@code stream}: a Picture Loss Indication (RFC 4585
     * §6.3.1), or a Full Intra Request (RFC 5104 §4.3.1) when {@code fullIntraRequest}. A FIR
     * repeated with the same sequence number is told once.
     *
     * @param requesterSsrc the SSRC of the receiver that asked
     */
    default void keyframeRequested(TransmitterStream stream, long requesterSsrc, boolean fullIntraRequest) {
    }

    /**
     * An APP packet (RFC 3550 §6.7) arrived, passed through as it is: {@code length} bytes at
     * absolute index {@code offset} of {@code packet}, valid only during the call.
     */
    default void applicationPacket(ByteBuffer packet, int offset, int length, InetSocketAddress source) {
    }
}
