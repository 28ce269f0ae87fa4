package io.salvo.rtp;

/** What is wrong with a datagram that does not parse as RTP; {@link #OK} when nothing is. */
public enum RtpParseError {
    /** The datagram is a well-formed RTP packet. */
    OK("well-formed RTP packet"),
    /** Fewer than 12 bytes. */
    TOO_SHORT("shorter than the 12-byte fixed header"),
    /** Version field other than 2. */
    BAD_VERSION("version is not 2"),
    /** The CSRC list runs past the end. */
    CSRC_OVERRUN("CSRC list runs past the end"),
    /** The X bit is set but the 4-byte extension header does not fit. */
    EXTENSION_HEADER_OVERRUN("extension header runs past the end"),
    /** The extension's length field runs past the end. */
    EXTENSION_OVERRUN("header extension runs past the end"),
    /** An RFC 8285 element's length runs past the end of the extension block. */
    EXTENSION_ELEMENT_OVERRUN("header extension element runs past the end of the extension"),
    /** The P bit is set but the padding count (last byte) is 0. */
    PADDING_ZERO("padding count is 0"),
    /** The padding count is larger than the payload. */
    PADDING_OVERRUN("padding count is larger than the payload");

    private final String description;

    RtpParseError(String description) {
        this.description = description;
    }

    /** A short text naming the problem, e.g. "padding count is 0". */
    public String description() {
        return description;
    }
}
