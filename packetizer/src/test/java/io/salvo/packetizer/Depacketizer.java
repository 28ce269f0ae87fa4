package io.salvo.packetizer;

import io.salvo.rtp.RtpPacketView;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-scope receiver for RFC 6184 (mode 1) and RFC 7798 (no DONL): reassembles access units
 * from datagrams by marker bit and timestamp, checking what a strict receiver would.
 */
final class Depacketizer {
    /** One received access unit. */
    record AccessUnit(long timestamp, List<byte[]> nalUnits) {
    }

    private final boolean h265;
    private final List<AccessUnit> units = new ArrayList<>();
    private List<byte[]> current = new ArrayList<>();
    private long currentTimestamp = -1;
    private ByteArrayOutputStream fragment;
    private int expectedSequence = -1;

    Depacketizer(boolean h265) {
        this.h265 = h265;
    }

    List<AccessUnit> accessUnits() {
        return units;
    }

    void receive(byte[] datagram) {
        RtpPacketView view = new RtpPacketView();
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        if (!view.wrap(buffer, 0, datagram.length).equals(io.salvo.rtp.RtpParseError.OK)) {
            throw new AssertionError(view.errorMessage());
        }
        int sequence = view.header().sequenceNumber();
        if (expectedSequence >= 0 && sequence != expectedSequence) {
            throw new AssertionError("sequence " + sequence + ", expected " + expectedSequence);
        }
        expectedSequence = (sequence + 1) & 0xFFFF;
        long timestamp = view.header().timestamp();
        if (currentTimestamp >= 0 && timestamp != currentTimestamp) {
            throw new AssertionError("timestamp changed inside an access unit without a marker");
        }
        currentTimestamp = timestamp;
        int at = view.payloadOffset();
        int end = at + view.payloadLength();
        if (end - at < headerLength()) {
            throw new AssertionError("payload of " + (end - at) + " bytes");
        }
        int type = h265 ? (datagram[at] >> 1) & 0x3F : datagram[at] & 0x1F;
        if (type == (h265 ? 48 : 24)) {
            aggregation(datagram, at, end);
        } else if (type == (h265 ? 49 : 28)) {
            fragment(datagram, at, end);
        } else {
            noFragmentPending();
            current.add(copy(datagram, at, end));
        }
        if (view.header().marker()) {
            noFragmentPending();
            units.add(new AccessUnit(timestamp, current));
            current = new ArrayList<>();
            currentTimestamp = -1;
        }
    }

    private int headerLength() {
        return h265 ? 2 : 1;
    }

    private void aggregation(byte[] d, int at, int end) {
        noFragmentPending();
        int index = at + headerLength();
        int count = 0;
        while (index < end) {
            if (end - index < 2) {
                throw new AssertionError("aggregation length field cut off");
            }
            int length = ((d[index] & 0xFF) << 8) | (d[index + 1] & 0xFF);
            index += 2;
            if (length == 0 || index + length > end) {
                throw new AssertionError("aggregation unit of " + length + " bytes with " + (end - index) + " left");
            }
            current.add(copy(d, index, index + length));
            index += length;
            count++;
        }
        if (count < 2) {
            throw new AssertionError("aggregation packet with " + count + " unit");
        }
    }

    private void fragment(byte[] d, int at, int end) {
        int fuHeader = d[at + headerLength()] & 0xFF;
        boolean start = (fuHeader & 0x80) != 0;
        boolean stop = (fuHeader & 0x40) != 0;
        if (start && stop) {
            throw new AssertionError("FU with both S and E set");
        }
        if (start) {
            noFragmentPending();
            fragment = new ByteArrayOutputStream();
            if (h265) {
                int type = fuHeader & 0x3F;
                fragment.write((d[at] & 0x81) | (type << 1));
                fragment.write(d[at + 1]);
            } else {
                fragment.write((d[at] & 0xE0) | (fuHeader & 0x1F));
            }
        } else if (fragment == null) {
            throw new AssertionError("FU continuation without a start");
        }
        int payload = at + headerLength() + 1;
        if (payload >= end) {
            throw new AssertionError("FU without payload");
        }
        fragment.write(d, payload, end - payload);
        if (stop) {
            current.add(fragment.toByteArray());
            fragment = null;
        }
    }

    private void noFragmentPending() {
        if (fragment != null) {
            throw new AssertionError("fragmented unit not finished");
        }
    }

    private static byte[] copy(byte[] d, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(d, from, out, 0, out.length);
        return out;
    }
}
