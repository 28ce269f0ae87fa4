package io.salvo.sender;

import io.salvo.rtcp.App;
import io.salvo.rtcp.Bye;
import io.salvo.rtcp.FullIntraRequest;
import io.salvo.rtcp.GenericNack;
import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.PictureLossIndication;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SenderReport;
import io.salvo.rtcp.SourceDescription;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses the RTCP datagrams that reach the transmitter and turns them into what its streams'
 * receivers said: report blocks (loss, jitter, and the round-trip time from LSR and DLSR), SDES
 * CNAMEs, BYEs, NACKs (counted, and handed on), PLI and FIR (to the listener as keyframe
 * requests), APP (passed through). Flyweights are reused, so a datagram costs no allocation
 * unless it introduces a new receiver or CNAME. A malformed datagram is counted by what was
 * wrong and ignored as a whole. Transmitter thread only.
 */
final class RtcpFeedbackReader {
    private final RtcpSession session;
    private final RtcpCounters counters;
    private final RtcpListener listener;
    private final RtcpCompound compound = new RtcpCompound();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final SourceDescription description = new SourceDescription();
    private final Bye bye = new Bye();
    private final App app = new App();
    private final GenericNack nack = new GenericNack();
    private final PictureLossIndication pli = new PictureLossIndication();
    private final FullIntraRequest fir = new FullIntraRequest();

    RtcpFeedbackReader(RtcpSession session, RtcpCounters counters, RtcpListener listener) {
        this.session = session;
        this.counters = counters;
        this.listener = listener;
    }

    /**
     * Handles one received datagram of {@code length} bytes at {@code offset} of {@code buffer}
     * from {@code source}, which arrived at {@code arrivalNanos} (transmitter clock). Inside a
     * counters write block.
     */
    void handle(ByteBuffer buffer, int offset, int length, InetSocketAddress source, long arrivalNanos) {
        counters.datagramsReceived++;
        counters.bytesReceived += length;
        if (!RtcpPacketType.isRtcp(buffer, offset, length)) {
            counters.notRtcp++;
            return;
        }
        if (session.encrypted()) {
            int plain = session.unprotectFeedback(buffer, offset, length);
            if (plain < 0) {
                counters.srtcpRejected++; // not authentic under any stream's keys (or replayed): ignored whole
                return;
            }
            length = plain;
        }
        RtcpParseError error = compound.wrap(buffer, offset, length);
        if (error != RtcpParseError.OK) {
            counters.malformed[error.ordinal()]++;
            return;
        }
        // first pass: validate every packet, so a datagram is taken whole or not at all
        while (compound.next()) {
            error = validate(buffer);
            if (error != RtcpParseError.OK) {
                counters.malformed[error.ordinal()]++;
                return;
            }
        }
        compound.wrap(buffer, offset, length);
        while (compound.next()) {
            dispatch(buffer, source, arrivalNanos);
        }
    }

    private RtcpParseError validate(ByteBuffer buffer) {
        int at = compound.packetOffset();
        int length = compound.packetLength();
        switch (compound.packetType()) {
            case RtcpPacketType.SR:
                return senderReport.wrap(buffer, at, length);
            case RtcpPacketType.RR:
                return receiverReport.wrap(buffer, at, length);
            case RtcpPacketType.SDES:
                return description.wrap(buffer, at, length);
            case RtcpPacketType.BYE:
                return bye.wrap(buffer, at, length);
            case RtcpPacketType.APP:
                return app.wrap(buffer, at, length);
            case RtcpPacketType.RTPFB:
                return compound.count() == RtcpPacketType.GENERIC_NACK ? nack.wrap(buffer, at, length) : RtcpParseError.OK;
            case RtcpPacketType.PSFB:
                if (compound.count() == RtcpPacketType.PLI) {
                    return pli.wrap(buffer, at, length);
                }
                return compound.count() == RtcpPacketType.FIR ? fir.wrap(buffer, at, length) : RtcpParseError.OK;
            default:
                return RtcpParseError.OK;
        }
    }

    private void dispatch(ByteBuffer buffer, InetSocketAddress source, long arrivalNanos) {
        int at = compound.packetOffset();
        int length = compound.packetLength();
        switch (compound.packetType()) {
            case RtcpPacketType.SR:
                counters.senderReports++;
                senderReport.wrap(buffer, at, length);
                for (int i = 0; i < senderReport.reportCount(); i++) {
                    report(senderReport.ssrc(), senderReport.reportBlock(i, block), source, arrivalNanos);
                }
                break;
            case RtcpPacketType.RR:
                counters.receiverReports++;
                receiverReport.wrap(buffer, at, length);
                for (int i = 0; i < receiverReport.reportCount(); i++) {
                    report(receiverReport.ssrc(), receiverReport.reportBlock(i, block), source, arrivalNanos);
                }
                break;
            case RtcpPacketType.SDES:
                counters.sourceDescriptions++;
                description.wrap(buffer, at, length);
                describe(buffer);
                break;
            case RtcpPacketType.BYE:
                counters.byes++;
                bye.wrap(buffer, at, length);
                for (int i = 0; i < bye.ssrcCount(); i++) {
                    session.receiverLeft(bye.ssrc(i));
                }
                break;
            case RtcpPacketType.APP:
                counters.applicationPackets++;
                listener.applicationPacket(buffer, at, length, source);
                break;
            case RtcpPacketType.RTPFB:
                if (compound.count() == RtcpPacketType.GENERIC_NACK) {
                    nack.wrap(buffer, at, length);
                    nack(source, arrivalNanos);
                } else {
                    counters.otherPackets++;
                }
                break;
            case RtcpPacketType.PSFB:
                if (compound.count() == RtcpPacketType.PLI) {
                    pli.wrap(buffer, at, length);
                    pictureLoss(source, arrivalNanos);
                } else if (compound.count() == RtcpPacketType.FIR) {
                    fir.wrap(buffer, at, length);
                    fullIntra(source, arrivalNanos);
                } else {
                    counters.otherPackets++;
                }
                break;
            default:
                counters.otherPackets++;
                break;
        }
    }

    private void report(long reporterSsrc, ReportBlock block, InetSocketAddress source, long arrivalNanos) {
        RtcpStreamState stream = session.streamBySsrc(block.ssrc());
        if (stream == null) {
            counters.unknownSsrc++;
            return;
        }
        counters.reportBlocks++;
        RemoteReceiver r = session.receiver(stream, reporterSsrc, source, arrivalNanos);
        r.reports++;
        r.fractionLost = block.fractionLost();
        r.cumulativeLost = block.cumulativeLost();
        r.extendedHighestSequence = block.extendedHighestSequence();
        r.jitter = block.jitter();
        long lsr = block.lastSenderReport();
        if (lsr != 0) {
            long arrival = NtpTime.compact(session.ntpTimestamp(arrivalNanos));
            long units = (arrival - lsr - block.delaySinceLastSenderReport()) & 0xFFFF_FFFFL;
            if (units < 0x8000_0000L) {
                r.roundTripNanos = NtpTime.compactToNanos(units);
            }
        }
    }

    private void describe(ByteBuffer buffer) {
        while (description.nextChunk()) {
            long ssrc = description.chunkSsrc();
            while (description.nextItem()) {
                if (description.itemType() == SourceDescription.CNAME) {
                    session.receiverCname(ssrc, buffer, description.itemOffset(), description.itemLength());
                }
            }
        }
    }

    private void nack(InetSocketAddress source, long arrivalNanos) {
        RtcpStreamState stream = session.streamBySsrc(nack.mediaSsrc());
        if (stream == null) {
            counters.unknownSsrc++;
            return;
        }
        int lost = nack.lostCount();
        counters.nacks++;
        counters.nackedSequenceNumbers += lost;
        RemoteReceiver r = session.receiver(stream, nack.senderSsrc(), source, arrivalNanos);
        r.nackPackets++;
        r.nackedSequenceNumbers += lost;
        session.nackReceived(stream, nack, r, arrivalNanos);
    }

    private void pictureLoss(InetSocketAddress source, long arrivalNanos) {
        RtcpStreamState stream = session.streamBySsrc(pli.mediaSsrc());
        if (stream == null) {
            counters.unknownSsrc++;
            return;
        }
        counters.pictureLossIndications++;
        RemoteReceiver r = session.receiver(stream, pli.senderSsrc(), source, arrivalNanos);
        r.pictureLossIndications++;
        session.keyframeRequested(stream, pli.senderSsrc(), false, arrivalNanos);
    }

    private void fullIntra(InetSocketAddress source, long arrivalNanos) {
        for (int i = 0; i < fir.entryCount(); i++) {
            RtcpStreamState stream = session.streamBySsrc(fir.entrySsrc(i));
            if (stream == null) {
                counters.unknownSsrc++;
                continue;
            }
            RemoteReceiver r = session.receiver(stream, fir.senderSsrc(), source, arrivalNanos);
            int sequence = fir.entrySequenceNumber(i);
            if (sequence == r.lastFirSequence) {
                continue; // a repeat of a request already told (RFC 5104 §4.3.1.2)
            }
            r.lastFirSequence = sequence;
            r.fullIntraRequests++;
            counters.fullIntraRequests++;
            session.keyframeRequested(stream, fir.senderSsrc(), true, arrivalNanos);
        }
    }

    /** The CNAME bytes as a String, reusing {@code current} when equal (no allocation then). */
    static String cname(String current, ByteBuffer buffer, int offset, int length) {
        if (current != null && current.length() == length) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                same = current.charAt(i) == (buffer.get(offset + i) & 0xFF);
            }
            if (same) {
                return current;
            }
        }
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
