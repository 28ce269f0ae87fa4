package io.salvo.rtp;

import java.nio.ByteBuffer;

/**
 * Parses a received datagram in place into header fields and the payload's offset and length,
 * for a forwarder that rewrites SSRC, sequence number or timestamp through {@link #header()} and
 * sends the payload untouched. Reusable: {@link #wrap} again for the next datagram.
 *
 * <p>Malformed input never throws an index exception: {@link #wrap} returns the
 * {@link RtpParseError} and {@link #errorMessage()} describes it with the numbers involved;
 * {@link #wrapOrThrow} throws {@link RtpParseException} with that message.
 */
public final class RtpPacketView {
    private final RtpHeader header = new RtpHeader();
    private final HeaderExtensionReader extensions = new HeaderExtensionReader();
    private ByteBuffer buffer;
    private int offset;
    private int length;
    private int headerLength;
    private int paddingLength;
    private int extensionOffset = -1;
    private RtpParseError error = RtpParseError.TOO_SHORT;
    private int errorDetail;

    /**
     * Parses the {@code length} bytes at absolute index {@code offset} of {@code buffer}.
     *
     * @return {@link RtpParseError#OK} when the datagram is well-formed RTP, else what is wrong
     */
    public RtpParseError wrap(ByteBuffer buffer, int offset, int length) {
        Bytes.checkRange("RTP datagram", offset, length, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.headerLength = 0;
        this.paddingLength = 0;
        this.extensionOffset = -1;
        this.errorDetail = 0;
        this.error = parse();
        return error;
    }

    /**
     * Parses like {@link #wrap} and throws when the datagram is malformed.
     *
     * @return this view
     * @throws RtpParseException naming the problem
     */
    public RtpPacketView wrapOrThrow(ByteBuffer buffer, int offset, int length) throws RtpParseException {
        if (wrap(buffer, offset, length) != RtpParseError.OK) {
            throw new RtpParseException(error, errorMessage());
        }
        return this;
    }

    private RtpParseError parse() {
        int end = offset + length;
        if (length < RtpHeader.FIXED_LENGTH) {
            errorDetail = length;
            return RtpParseError.TOO_SHORT;
        }
        header.wrap(buffer, offset);
        if (header.version() != RtpHeader.VERSION) {
            errorDetail = header.version();
            return RtpParseError.BAD_VERSION;
        }
        int index = offset + RtpHeader.CSRC_OFFSET + 4 * header.csrcCount();
        if (index > end) {
            errorDetail = header.csrcCount();
            return RtpParseError.CSRC_OVERRUN;
        }
        if (header.extension()) {
            extensionOffset = index;
            RtpParseError extensionError = extensions.wrap(buffer, index, end);
            if (extensionError != RtpParseError.OK) {
                errorDetail = index - offset;
                return extensionError;
            }
            index = extensions.dataOffset() + extensions.dataLength();
        }
        headerLength = index - offset;
        if (header.padding()) {
            int payload = end - index;
            if (payload == 0) {
                errorDetail = 0;
                return RtpParseError.PADDING_OVERRUN;
            }
            int count = Bytes.u8(buffer, end - 1);
            errorDetail = count;
            if (count == 0) {
                return RtpParseError.PADDING_ZERO;
            }
            if (count > payload) {
                return RtpParseError.PADDING_OVERRUN;
            }
            paddingLength = count;
        }
        return RtpParseError.OK;
    }

    /** The result of the last {@link #wrap}. */
    public RtpParseError error() {
        return error;
    }

    /** A sentence describing the last parse error with its numbers, or "well-formed RTP packet". */
    public String errorMessage() {
        switch (error) {
            case OK:
                return error.description();
            case TOO_SHORT:
                return "RTP packet of " + errorDetail + " bytes is " + error.description();
            case BAD_VERSION:
                return "RTP " + error.description() + " (was " + errorDetail + ")";
            case CSRC_OVERRUN:
                return "RTP " + error.description() + ": " + errorDetail + " CSRCs need "
                        + (RtpHeader.FIXED_LENGTH + 4 * errorDetail) + " bytes, packet has " + length;
            case EXTENSION_HEADER_OVERRUN:
            case EXTENSION_OVERRUN:
            case EXTENSION_ELEMENT_OVERRUN:
                return "RTP " + error.description() + " (extension at byte " + errorDetail
                        + ", packet has " + length + " bytes)";
            case PADDING_ZERO:
                return "RTP " + error.description();
            case PADDING_OVERRUN:
                return "RTP " + error.description() + ": padding count " + errorDetail + ", payload "
                        + (length - headerLength) + " bytes";
            default:
                return "RTP " + error.description();
        }
    }

    /** True when the last {@link #wrap} found a well-formed packet. */
    public boolean isValid() {
        return error == RtpParseError.OK;
    }

    /** The header flyweight, positioned on this packet (read or rewrite fields in place). */
    public RtpHeader header() {
        return header;
    }

    /** The parsed buffer. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the packet's first byte. */
    public int offset() {
        return offset;
    }

    /** Length of the whole datagram. */
    public int length() {
        return length;
    }

    /** Length of the header: fixed part, CSRCs and extension. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute index of the payload's first byte. */
    public int payloadOffset() {
        return offset + headerLength;
    }

    /** Length of the payload, without padding. */
    public int payloadLength() {
        return length - headerLength - paddingLength;
    }

    /** Number of padding bytes at the end (0 without the P bit). */
    public int paddingLength() {
        return paddingLength;
    }

    /** True when the packet carries a header extension. */
    public boolean hasExtension() {
        return extensionOffset >= 0;
    }

    /** The extension reader, valid when {@link #hasExtension()}; rewound to the first element. */
    public HeaderExtensionReader extensions() {
        if (!hasExtension()) {
            throw new IllegalStateException("packet has no header extension");
        }
        extensions.rewind();
        return extensions;
    }
}
