package io.salvo.pacer;

/** Told about every packet the pacer drops (the owner counts and recycles it). */
@FunctionalInterface
public interface PacketDropListener {
    /** {@code packet} left the pacer's queue without being sent, for {@code reason}. */
    void dropped(PacedPacket packet, DropReason reason);
}
