package io.salvo.sender;

import java.util.Objects;

/**
 * An RTP socket and its RTCP socket on the port above, on the same address (RFC 3550 §11: RTP
 * on an even port, RTCP on the next), as opened by {@link DatagramSenders#openPair}. Media leaves
 * from {@code rtp}; reports are sent from {@code rtcp} and read with {@code rtcp.receiver()}.
 *
 * @param rtp  the sender bound to the RTP port
 * @param rtcp the sender bound to the RTP port + 1
 */
public record SocketPair(DatagramSender rtp, DatagramSender rtcp) implements AutoCloseable {
    /** A pair of two senders, neither null. */
    public SocketPair {
        Objects.requireNonNull(rtp, "rtp");
        Objects.requireNonNull(rtcp, "rtcp");
    }

    /** Closes both senders. */
    @Override
    public void close() {
        try {
            rtp.close();
        } finally {
            rtcp.close();
        }
    }
}
