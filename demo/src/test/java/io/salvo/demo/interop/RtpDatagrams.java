package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.salvo.rtp.RtpPacketView;
import io.salvo.rtp.RtpParseError;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Received RTP datagrams of one stream split into frames, after checking that each parses, that
 * the SSRC never changes and that the sequence numbers run without gap or reorder. A frame ends at
 * a packet with the marker bit or where the timestamp changes (Opus sets the marker only at the
 * start of a talkspurt).
 */
final class RtpDatagrams {
    /** One frame: its RTP timestamp, the payload of each of its packets, and whether its last had the marker. */
    record Frame(long timestamp, List<byte[]> payloads, boolean marked) {
    }

    private RtpDatagrams() {
    }

    /** The frames of {@code datagrams}, in order. */
    static List<Frame> frames(List<byte[]> datagrams) {
        List<Frame> frames = new ArrayList<>();
        RtpPacketView view = new RtpPacketView();
        List<byte[]> payloads = new ArrayList<>();
        long timestamp = -1;
        long ssrc = -1;
        int expected = -1;
        for (int i = 0; i < datagrams.size(); i++) {
            byte[] datagram = datagrams.get(i);
            assertEquals(RtpParseError.OK, view.wrap(ByteBuffer.wrap(datagram), 0, datagram.length),
                    "datagram " + i + " is not RTP");
            int sequence = view.header().sequenceNumber();
            if (expected >= 0) {
                assertEquals(expected, sequence, "sequence number of datagram " + i);
                assertEquals(ssrc, view.header().ssrc(), "SSRC of datagram " + i);
            }
            expected = (sequence + 1) & 0xFFFF;
            ssrc = view.header().ssrc();
            if (!payloads.isEmpty() && view.header().timestamp() != timestamp) {
                frames.add(new Frame(timestamp, payloads, false));
                payloads = new ArrayList<>();
            }
            timestamp = view.header().timestamp();
            payloads.add(Arrays.copyOfRange(datagram, view.payloadOffset(), view.payloadOffset() + view.payloadLength()));
            if (view.header().marker()) {
                frames.add(new Frame(timestamp, payloads, true));
                payloads = new ArrayList<>();
            }
        }
        if (!payloads.isEmpty()) {
            frames.add(new Frame(timestamp, payloads, false));
        }
        return frames;
    }
}
