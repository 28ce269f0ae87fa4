package io.salvo.pacer;

import java.nio.ByteBuffer;

/**
 * Told once per frame, after the last of its datagrams was sent or dropped, that the frame's
 * buffer is no longer referenced. Runs on the transmitter thread: return quickly.
 */
@FunctionalInterface
public interface FrameReleaser {
    /**
     * @param frame   the buffer submitted with the frame
     * @param tag     the tag submitted with the frame
     * @param allSent true when every datagram was sent, false when any was dropped
     */
    void released(ByteBuffer frame, long tag, boolean allSent);
}
