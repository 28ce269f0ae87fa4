package io.salvo.rtcp;

/**
 * What is wrong with an RTCP datagram or packet that does not parse; {@link #OK} when nothing is.
 * The parser's {@code errorMessage()} says where, with the numbers involved.
 */
public enum RtcpParseError {
    /** The datagram or packet is well-formed. */
    OK("well-formed RTCP"),
    /** Fewer than 4 bytes left where a common header should start. */
    TOO_SHORT("fewer than the 4 bytes of a common header"),
    /** Version field other than 2. */
    BAD_VERSION("version is not 2"),
    /** The length field runs past the end of the datagram or of the bytes given. */
    LENGTH_OVERRUN("length field runs past the end"),
    /** The P bit is set on a packet that is not the last of its compound (RFC 3550 §6.4.1). */
    PADDING_NOT_LAST("padding on a packet that is not the last of the compound"),
    /** The P bit is set but the padding count (the packet's last byte) is 0. */
    PADDING_ZERO("padding count is 0"),
    /** The padding count is larger than the packet after its common header. */
    PADDING_OVERRUN("padding count is larger than the packet"),
    /** The packet type is not the one this parser reads (e.g. an RR given to the SR parser). */
    WRONG_TYPE("packet type is not the one this parser reads"),
    /** The feedback message type (FMT) is not the one this parser reads (e.g. a FIR given to the PLI parser). */
    WRONG_FORMAT("feedback message type (FMT) is not the one this parser reads"),
    /** An SR ends before the end of its 20-byte sender info (28 bytes with header and SSRC). */
    SENDER_INFO_TRUNCATED("sender info runs past the end of the packet"),
    /** An RR ends before the reporter's SSRC. */
    SSRC_TRUNCATED("reporter SSRC runs past the end of the packet"),
    /** The RC report blocks of an SR or RR do not fit the packet's length. */
    REPORT_BLOCKS_OVERRUN("report blocks run past the end of the packet"),
    /** An SDES chunk (its SSRC or its padding to 32 bits) runs past the end, or fewer than SC chunks. */
    SDES_CHUNK_TRUNCATED("SDES chunk runs past the end of the packet"),
    /** An SDES item's type, length or text runs past the end of the packet. */
    SDES_ITEM_OVERRUN("SDES item runs past the end of the packet"),
    /** An SDES chunk's items reach the end of the packet without a null item. */
    SDES_MISSING_END("SDES chunk has no null item ending its list"),
    /** Bytes follow the SC chunks of an SDES packet. */
    SDES_TRAILING_BYTES("bytes follow the last SDES chunk that SC announces"),
    /** The SC SSRCs of a BYE do not fit the packet's length. */
    BYE_SSRC_OVERRUN("BYE SSRC list runs past the end of the packet"),
    /** A BYE's reason length runs past the end of the packet. */
    BYE_REASON_OVERRUN("BYE reason runs past the end of the packet"),
    /** An APP packet is shorter than its 12 bytes of header, SSRC and name. */
    APP_TRUNCATED("APP packet is shorter than its 12-byte header, SSRC and name"),
    /** A feedback packet is shorter than its 12 bytes of header and the two SSRCs (RFC 4585 §6.1). */
    FEEDBACK_TRUNCATED("feedback packet is shorter than its 12-byte header and SSRCs"),
    /** A generic NACK carries no FCI entry (RFC 4585 §6.2.1 asks for at least one). */
    NACK_NO_FCI("generic NACK has no FCI entry"),
    /** A FIR carries no FCI entry (RFC 5104 §4.3.1 asks for at least one). */
    FIR_NO_FCI("FIR has no FCI entry"),
    /** The FCI is not a whole number of entries (4 bytes for a NACK, 8 for a FIR). */
    FCI_TRUNCATED("FCI is not a whole number of entries"),
    /** A PLI carries FCI bytes: its length field must be 2 (RFC 4585 §6.3.1). */
    PLI_HAS_FCI("PLI carries FCI bytes");

    private final String description;

    RtcpParseError(String description) {
        this.description = description;
    }

    /** A short text naming the problem, e.g. "padding count is 0". */
    public String description() {
        return description;
    }
}
