package io.salvo.rtp;

/**
 * Where a packetizer puts the packets it makes. The sink owns the packets' memory: the
 * packetizer {@link #claim claims} an empty packet, writes its header into the slot, adds the
 * vectors and {@link #commit commits} it, in order. Nothing is allocated per packet.
 */
public interface PacketSink {
    /** An empty packet (no vectors) whose slot the caller may write. */
    RtpPacket claim();

    /** Hands on a packet filled since the last {@link #claim}. */
    void commit(RtpPacket packet);
}
