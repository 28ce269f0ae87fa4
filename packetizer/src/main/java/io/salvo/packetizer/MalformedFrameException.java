package io.salvo.packetizer;

/**
 * A frame (access unit) or codec configuration record that cannot be packetized: no start code,
 * a zero-length NAL unit, a forbidden bit set, a length prefix running past the end, a NAL unit
 * too large for the configured packetization mode. Thrown before any packet of the frame is
 * committed, so earlier frames' packets are unaffected.
 */
public class MalformedFrameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    /** {@code problem} found {@code offset} bytes into the frame (or record). */
    public MalformedFrameException(int offset, String problem) {
        super(problem);
        this.offset = offset;
    }

    /** Offset of the problem, counted from the first byte of the frame (or record). */
    public int offset() {
        return offset;
    }
}
