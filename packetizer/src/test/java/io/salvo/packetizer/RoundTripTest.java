package io.salvo.packetizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketList;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Property-style round trips: random access units of random NAL size mixes (1 byte .. 300 KB)
 * go through a packetizer and the test depacketizer and must come back byte for byte, with every
 * datagram within the limit, fragments of equal size, and payload vectors that alias the frame.
 */
class RoundTripTest {
    private static final int ACCESS_UNITS = 120;
    private static int fragmentRuns;

    @ParameterizedTest(name = "{0} lengthSize={1} max={2} equal={3} csrcs={4}")
    @CsvSource({
        "H264, 0, 1200, true,  0",
        "H264, 4, 1200, true,  0",
        "H264, 0, 1200, false, 0",
        "H264, 2, 500,  true,  3",
        "H264, 1, 1500, true,  0",
        "H264, 0, 17,   true,  0",
        "H265, 0, 1200, true,  0",
        "H265, 4, 1200, false, 0",
        "H265, 0, 300,  true,  2",
        "H265, 2, 9000, true,  0",
    })
    void shouldReassembleRandomAccessUnitsByteForByte(String codec, int lengthSize, int max, boolean equal,
                                                       int csrcs) {
        boolean h265 = codec.equals("H265");
        Random random = new Random(0x5A17 + 31L * max + lengthSize + (h265 ? 7 : 0));
        long[] csrcList = new long[csrcs];
        RtpStream stream = RtpStream.builder(96, 90_000).csrcs(csrcList).ssrc(0x1C1C1C1CL).firstSequenceNumber(65000)
                .build();
        NalUnitPacketizer packetizer = h265
                ? H265Packetizer.builder(stream).maxDatagramSize(max).nalLengthSize(lengthSize).equalFragments(equal)
                        .build()
                : H264Packetizer.builder(stream).maxDatagramSize(max).nalLengthSize(lengthSize).equalFragments(equal)
                        .build();
        int maxNal = lengthSize == 1 ? 255 : lengthSize == 2 ? 65535 : 300 * 1024;
        Depacketizer depacketizer = new Depacketizer(h265);
        fragmentRuns = 0;
        RtpPacketList sink = new RtpPacketList();
        List<List<byte[]>> sent = new ArrayList<>();
        for (int au = 0; au < ACCESS_UNITS; au++) {
            List<byte[]> nals = randomAccessUnit(random, h265, lengthSize == 0, maxNal);
            sent.add(nals);
            int offset = random.nextInt(64);
            ByteBuffer frame = frame(nals, lengthSize, offset);
            int length = frame.capacity() - offset - 5;
            sink.clear();
            int count = packetizer.packetize(frame, offset, length, au * 3000L, random.nextBoolean(), sink);
            assertEquals(sink.size(), count);
            checkPackets(sink, frame, max, equal, packetizer.payloadBudget(), stream.headerLength(), h265);
            for (int i = 0; i < sink.size(); i++) {
                depacketizer.receive(Packets.bytes(sink.get(i)));
            }
        }
        assertEquals(ACCESS_UNITS, depacketizer.accessUnits().size());
        if (maxNal > packetizer.payloadBudget()) {
            assertTrue(fragmentRuns > 20, "fragment runs checked: " + fragmentRuns);
        }
        for (int au = 0; au < ACCESS_UNITS; au++) {
            Depacketizer.AccessUnit received = depacketizer.accessUnits().get(au);
            assertEquals(au * 3000L, received.timestamp());
            List<byte[]> expected = sent.get(au);
            assertEquals(expected.size(), received.nalUnits().size(), "NAL count of access unit " + au);
            for (int n = 0; n < expected.size(); n++) {
                assertArrayEquals(expected.get(n), received.nalUnits().get(n), "access unit " + au + " NAL " + n);
            }
        }
    }

    private static void checkPackets(RtpPacketList sink, ByteBuffer frame, int max, boolean equal, int budget,
                                     int rtpHeaderLength, boolean h265) {
        int fuType = h265 ? 49 : 28;
        int runStart = -1;
        for (int i = 0; i < sink.size(); i++) {
            RtpPacket packet = sink.get(i);
            assertTrue(packet.length() <= max, "packet of " + packet.length() + " bytes above " + max);
            assertEquals(i == sink.size() - 1, packet.marker());
            for (int v = 1; v < packet.message().vectorCount(); v++) {
                OutputVector vector = packet.message().vector(v);
                assertTrue(vector.buffer() == frame || vector.buffer() == packet.slot(), "vector aliases frame or slot");
            }
            OutputVector head = packet.message().vector(0);
            assertSame(packet.slot(), head.buffer());
            int payloadStart = head.length() - (h265 ? 3 : 2);
            int type = h265 ? (head.buffer().get(head.offset() + payloadStart) >> 1) & 0x3F
                    : head.buffer().get(head.offset() + payloadStart) & 0x1F;
            boolean fragment = head.length() == rtpHeaderLength + (h265 ? 3 : 2) && type == fuType;
            if (!fragment) {
                continue;
            }
            int fuHeader = head.buffer().get(head.offset() + head.length() - 1) & 0xFF;
            if ((fuHeader & 0x80) != 0) {
                runStart = i;
            }
            if ((fuHeader & 0x40) != 0) {
                checkFragmentRun(sink, runStart, i, equal, budget - (h265 ? 3 : 2));
                fragmentRuns++;
            }
        }
    }

    private static void checkFragmentRun(RtpPacketList sink, int first, int last, boolean equal, int capacity) {
        int total = 0;
        for (int i = first; i <= last; i++) {
            total += sink.get(i).message().vector(1).length();
        }
        int count = last - first + 1;
        assertEquals((total + capacity - 1) / capacity, count, "fewest fragments for " + total + " bytes");
        int size = sink.get(first).length();
        for (int i = first; i < last; i++) {
            if (equal) {
                assertEquals(size, sink.get(i).length(), "equal datagram sizes in a fragment run");
                assertEquals((total + count - 1) / count, sink.get(i).message().vector(1).length(),
                        "balanced: ceil(total / count) bytes per fragment");
            } else {
                assertEquals(capacity, sink.get(i).message().vector(1).length(), "greedy fragments fill the limit");
            }
        }
        assertTrue(sink.get(last).length() <= size, "last fragment no larger than the others");
        assertTrue(sink.get(last).message().vector(1).length() >= 1);
    }

    private static List<byte[]> randomAccessUnit(Random random, boolean h265, boolean annexB, int maxNal) {
        int count = 1 + random.nextInt(8);
        List<byte[]> nals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nals.add(randomNal(random, h265, annexB, maxNal));
        }
        return nals;
    }

    private static byte[] randomNal(Random random, boolean h265, boolean annexB, int maxNal) {
        int size;
        switch (random.nextInt(8)) {
            case 0: size = 1 + random.nextInt(4); break;
            case 1: size = 1 + random.nextInt(40); break;
            case 2: case 3: size = 1 + random.nextInt(1500); break;
            case 4: case 5: size = 1000 + random.nextInt(20_000); break;
            case 6: size = 20_000 + random.nextInt(60_000); break;
            default: size = 1 + random.nextInt(300 * 1024); break;
        }
        size = Math.max(h265 ? 2 : 1, Math.min(size, maxNal));
        byte[] nal = new byte[size];
        random.nextBytes(nal);
        if (h265) {
            int[] types = {0, 1, 9, 19, 21, 35, 39, 40};
            int layer = random.nextInt(4) == 0 ? random.nextInt(64) : 0;
            nal[0] = (byte) ((types[random.nextInt(types.length)] << 1) | (layer >> 5));
            nal[1] = (byte) (((layer & 31) << 3) | (1 + random.nextInt(7)));
        } else {
            int[] types = {1, 5, 6, 9, 12};
            nal[0] = (byte) ((random.nextInt(4) << 5) | types[random.nextInt(types.length)]);
        }
        if (annexB) {
            nal = escape(nal, h265 ? 2 : 1);
        }
        return nal;
    }

    /** Inserts emulation prevention bytes so no start code appears, and ends on a non-zero byte. */
    private static byte[] escape(byte[] nal, int header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length + 16);
        int zeros = 0;
        for (int i = 0; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (i >= header && zeros >= 2 && b <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        if (nal.length > header && nal[nal.length - 1] == 0) {
            out.write(3);
        }
        return out.toByteArray();
    }

    /** The access unit at absolute {@code offset} of a direct buffer, 3- and 4-byte start codes mixed. */
    private static ByteBuffer frame(List<byte[]> nals, int lengthSize, int offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 0; n < nals.size(); n++) {
            byte[] nal = nals.get(n);
            if (lengthSize == 0) {
                out.writeBytes(n == 0 || (nal.length & 1) == 0 ? new byte[] {0, 0, 0, 1} : new byte[] {0, 0, 1});
            } else {
                for (int i = 0; i < lengthSize; i++) {
                    out.write(nal.length >>> (8 * (lengthSize - 1 - i)));
                }
            }
            out.writeBytes(nal);
        }
        byte[] bytes = out.toByteArray();
        ByteBuffer frame = ByteBuffer.allocateDirect(offset + bytes.length + 5);
        for (int i = 0; i < frame.capacity(); i++) {
            frame.put(i, (byte) 0x5A);
        }
        frame.put(offset, bytes);
        return frame;
    }
}
