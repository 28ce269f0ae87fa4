package io.salvo.sender;

/**
 * Told, on the transmitter thread, about what a producer cannot see at {@code submit} time:
 * a frame the packetizer rejected, or the transmitter stopping because its socket closed.
 */
public interface TransmitterListener {
    /** A listener that ignores everything (the counters still record it). */
    TransmitterListener NONE = new TransmitterListener() {
    };

    /** The frame submitted with {@code tag} on {@code stream} was malformed; nothing of it was sent. */
    default void frameRejected(TransmitterStream stream, long tag, RuntimeException problem) {
    }

    /** The transmitter stopped: its sender is closed; every queued datagram was dropped and counted. */
    default void stopped(Exception cause) {
    }
}
