package io.salvo.sender;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;

import java.nio.ByteBuffer;

/**
 * Builds the datagram that resends a packet from the history into a fresh pooled packet, so the
 * resend does not depend on the original's header slot (which leaves with the history) but only
 * on the frame buffer its payload views point into (which the resend holds a reference on).
 * What the original kept in its slot — the RTP header and payload-format bytes such as FU-A
 * headers, a few dozen bytes — is copied into the new slot; every view of the frame is reused
 * as it is: the payload is not copied.
 *
 * <p>As RTX (RFC 4588 §4) the header gets the RTX payload type, sequence number and SSRC (marker,
 * timestamp, CSRCs and extensions stay) and the original sequence number (OSN) goes before the
 * original payload:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class ResendPacket {
    /** Bytes RTX adds: the OSN. */
    static final int RTX_OVERHEAD = 2;

    private ResendPacket() {
    }

    /**
     * Fills the empty {@code into} with the resend of {@code original}: unchanged when
     * {@code rtxSsrc < 0}, else as RTX with {@code rtxPayloadType} and {@code rtxSequenceNumber}.
     *
     * @return false when the copied header and slot bytes do not fit {@code into}'s slot
     */
    static boolean build(RtpPacket original, RtpPacket into, long rtxSsrc, int rtxPayloadType, int rtxSequenceNumber) {
        OutputMessage message = original.message();
        ByteBuffer slot = original.slot();
        int slotStart = original.slotOffset();
        int slotEnd = slotStart + original.slotCapacity();
        ByteBuffer target = into.slot();
        int base = into.slotOffset();
        int capacity = into.slotCapacity();
        int used = 0;
        int run = 0;
        for (int v = 0; v < message.vectorCount(); v++) {
            OutputVector vector = message.vector(v);
            ByteBuffer buffer = vector.buffer();
            int from = vector.offset();
            int length = vector.length();
            boolean inSlot = buffer == slot && from >= slotStart && from + length <= slotEnd;
            if (v == 0) {
                int header = RtpHeader.headerLength(buffer, from);
                int extra = rtxSsrc >= 0 ? RTX_OVERHEAD : 0;
                if (header > length || header + extra > capacity) {
                    return false;
                }
                copy(buffer, from, target, base, header);
                used = header;
                if (rtxSsrc >= 0) {
                    int originalSequence = RtpHeader.sequenceNumber(target, base);
                    Bytes.put8(target, base + 1, (Bytes.u8(target, base + 1) & 0x80) | rtxPayloadType);
                    RtpHeader.sequenceNumber(target, base, rtxSequenceNumber);
                    RtpHeader.ssrc(target, base, rtxSsrc);
                    Bytes.put16(target, base + used, originalSequence);
                    used += RTX_OVERHEAD;
                }
                from += header;
                length -= header;
            }
            if (length == 0) {
                continue;
            }
            if (inSlot) {
                if (used + length > capacity) {
                    return false;
                }
                copy(buffer, from, target, base + used, length);
                used += length;
            } else {
                if (used > run) {
                    into.addSlot(run, used - run);
                    run = used;
                }
                into.addPayload(buffer, from, length);
            }
        }
        if (used > run) {
            into.addSlot(run, used - run);
        }
        return true;
    }

    private static void copy(ByteBuffer from, int fromIndex, ByteBuffer to, int toIndex, int length) {
        for (int i = 0; i < length; i++) {
            to.put(toIndex + i, from.get(fromIndex + i));
        }
    }
}
