package io.salvo.demo.interop;

import io.salvo.rtp.RtpPacket;

import java.io.IOException;

/**
 * Puts one RTP packet on the wire. The interop tests send through this so the test-scope
 * {@link DatagramChannelSender} can be swapped for the library's sender.
 */
interface PacketSender extends AutoCloseable {
    /** Sends {@code packet}'s vectors as one datagram. */
    void send(RtpPacket packet) throws IOException;

    @Override
    void close() throws IOException;
}
