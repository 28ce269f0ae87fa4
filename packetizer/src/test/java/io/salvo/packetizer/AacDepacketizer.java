package io.salvo.packetizer;

import io.salvo.rtp.RtpPacketView;
import io.salvo.rtp.RtpParseError;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-scope RFC 3640 receiver for mode AAC-hbr (sizelength 13, indexlength 3, indexdeltalength
 * 3): reads every AU header of a packet, hands out complete AUs, and joins fragments up to the
 * marker, checking what a strict receiver would (consecutive sequence numbers, one timestamp and
 * one AU-size across fragments, the fragments adding up to the AU-size, markers).
 */
final class AacDepacketizer {
    /** One received access unit. */
    record AccessUnit(long timestamp, byte[] bytes) {
    }

    private final List<AccessUnit> units = new ArrayList<>();
    private int expectedSequence = -1;
    private ByteArrayOutputStream fragment;
    private int fragmentSize;
    private long fragmentTimestamp;

    List<AccessUnit> accessUnits() {
        return units;
    }

    void receive(byte[] datagram) {
        RtpPacketView view = new RtpPacketView();
        if (view.wrap(ByteBuffer.wrap(datagram), 0, datagram.length) != RtpParseError.OK) {
            throw new AssertionError(view.errorMessage());
        }
        int sequence = view.header().sequenceNumber();
        if (expectedSequence >= 0 && sequence != expectedSequence) {
            throw new AssertionError("sequence " + sequence + ", expected " + expectedSequence);
        }
        expectedSequence = (sequence + 1) & 0xFFFF;
        long timestamp = view.header().timestamp();
        boolean marker = view.header().marker();
        int at = view.payloadOffset();
        int end = at + view.payloadLength();
        if (end - at < 2) {
            throw new AssertionError("no AU-headers-length");
        }
        int headerBits = ((datagram[at] & 0xFF) << 8) | (datagram[at + 1] & 0xFF);
        if (headerBits == 0 || headerBits % 16 != 0) {
            throw new AssertionError("AU-headers-length " + headerBits + " is not a multiple of 16 bits");
        }
        int headers = headerBits / 16;
        int data = at + 2 + 2 * headers;
        if (data > end) {
            throw new AssertionError("AU headers run past the packet");
        }
        int[] sizes = new int[headers];
        for (int i = 0; i < headers; i++) {
            int header = ((datagram[at + 2 + 2 * i] & 0xFF) << 8) | (datagram[at + 3 + 2 * i] & 0xFF);
            sizes[i] = header >>> 3;
            if ((header & 7) != 0) {
                throw new AssertionError("AU-Index" + (i == 0 ? "" : "-delta") + " " + (header & 7) + ", expected 0");
            }
        }
        if (headers == 1 && (fragment != null || sizes[0] > end - data)) {
            fragment(datagram, data, end, sizes[0], timestamp, marker);
            return;
        }
        if (!marker) {
            throw new AssertionError("complete AUs without the marker bit");
        }
        for (int size : sizes) {
            if (size > end - data) {
                throw new AssertionError("AU of " + size + " bytes with " + (end - data) + " left");
            }
            units.add(new AccessUnit(timestamp, copy(datagram, data, data + size)));
            data += size;
        }
        if (data != end) {
            throw new AssertionError((end - data) + " bytes after the last AU");
        }
    }

    private void fragment(byte[] datagram, int data, int end, int size, long timestamp, boolean marker) {
        if (fragment == null) {
            fragment = new ByteArrayOutputStream();
            fragmentSize = size;
            fragmentTimestamp = timestamp;
        } else if (size != fragmentSize || timestamp != fragmentTimestamp) {
            throw new AssertionError("fragment of another AU (size " + size + ", timestamp " + timestamp + ")");
        }
        fragment.write(datagram, data, end - data);
        if (fragment.size() > fragmentSize) {
            throw new AssertionError("fragments add up to more than the AU-size " + fragmentSize);
        }
        if (marker) {
            if (fragment.size() != fragmentSize) {
                throw new AssertionError("fragments add up to " + fragment.size() + " of " + fragmentSize + " bytes");
            }
            units.add(new AccessUnit(timestamp, fragment.toByteArray()));
            fragment = null;
        } else if (fragment.size() == fragmentSize) {
            throw new AssertionError("the last fragment has no marker");
        }
    }

    private static byte[] copy(byte[] d, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(d, from, out, 0, out.length);
        return out;
    }
}
