package io.salvo.rtp;

/** Thrown when a datagram does not parse as RTP; {@link #error()} says why. */
public final class RtpParseException extends Exception {
    private final RtpParseError error;

    /** An exception for {@code error} with a message that gives the details. */
    public RtpParseException(RtpParseError error, String message) {
        super(message);
        this.error = error;
    }

    /** What is wrong. */
    public RtpParseError error() {
        return error;
    }
}
