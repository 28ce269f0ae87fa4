package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.salvo.rtp.OutputMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native layout {@link MessageArray} writes, read back from memory (no kernel involved). */
class MessageArrayTest {
    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 5004);

    private final MessageArray array = new MessageArray(LibC.AF_INET);
    private final Pointer memory = new Pointer(array.address());

    @AfterEach
    void free() {
        array.free();
    }

    @Test
    void shouldWriteTheMmsghdrItsIovecsAndItsSockaddrAtTheirOffsets() {
        ByteBuffer slab = ByteBuffer.allocateDirect(64);
        ByteBuffer payload = ByteBuffer.allocateDirect(100);
        OutputMessage[] messages = {
                new OutputMessage(), // not filled: the range starts at 1
                new OutputMessage().address(TO).add(slab, 12, 12).add(payload, 30, 70),
        };

        assertEquals(1, array.fill(messages, 1, 1));

        long name = memory.getLong(0);                      // msg_name
        assertEquals(16, memory.getInt(8));                  // msg_namelen: sockaddr_in
        Pointer iov = new Pointer(memory.getLong(16));       // msg_iov
        assertEquals(2, memory.getLong(24));                 // msg_iovlen
        assertEquals(0, memory.getLong(32));                 // msg_control: none yet
        assertEquals(0, memory.getLong(40));                 // msg_controllen
        assertEquals(0, memory.getInt(48));                  // msg_flags
        assertEquals(address(slab) + 12, iov.getLong(0));    // iov[0].iov_base
        assertEquals(12, iov.getLong(8));                    // iov[0].iov_len
        assertEquals(address(payload) + 30, iov.getLong(16)); // iov[1].iov_base
        assertEquals(70, iov.getLong(24));                   // iov[1].iov_len
        assertArrayEquals(new byte[] {
                2, 0,                    // sin_family AF_INET
                0x13, (byte) 0x8C,       // sin_port 5004
                127, 0, 0, 1,            // sin_addr
                0, 0, 0, 0, 0, 0, 0, 0,  // sin_zero
        }, new Pointer(name).getByteArray(0, 16));
    }

    @Test
    void shouldPointMessagesToTheSameAddressObjectAtOneSockaddrAndLeaveConnectedOnesNameless() {
        OutputMessage[] messages = Messages.numbered(3, TO, 10, true);
        messages[2].address(null);

        assertEquals(3, array.fill(messages, 0, 3));

        assertEquals(memory.getLong(0), memory.getLong(64));
        assertEquals(0, memory.getLong(128));
        assertEquals(0, memory.getInt(128 + 8));
    }

    @Test
    void shouldPlaceEachMessagesIovecsAfterThePreviousOnes() {
        OutputMessage[] messages = Messages.numbered(3, TO, 10, true);

        array.fill(messages, 0, 3);

        long first = memory.getLong(16);
        assertEquals(first + 2 * 16, memory.getLong(64 + 16));
        assertEquals(first + 4 * 16, memory.getLong(128 + 16));
    }

    @Test
    void shouldFillAtMost1024Messages() {
        OutputMessage[] messages = Messages.numbered(1500, TO, 1, true);

        assertEquals(1024, array.fill(messages, 0, 1500));
        assertEquals(476, array.fill(messages, 1024, 476));
    }

    @Test
    void shouldStopBeforeTheMessageWhoseIovecsDoNotFit() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(8);
        OutputMessage[] messages = new OutputMessage[1024];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = new OutputMessage().address(TO);
            for (int v = 0; v < 9; v++) {
                messages[i].add(bytes, 0, 8);
            }
        }

        assertEquals(8192 / 9, array.fill(messages, 0, 1024));
    }

    @Test
    void shouldRejectAFirstMessageWithMoreThan1024VectorsAsEmsgsize() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(8);
        OutputMessage tooMany = new OutputMessage().address(TO);
        for (int v = 0; v < 1025; v++) {
            tooMany.add(bytes, 0, 1);
        }
        OutputMessage[] messages = {Messages.numbered(1, TO, 1, true)[0], tooMany};

        assertEquals(1, array.fill(messages, 0, 2));
        assertEquals(0, array.rejectErrno(), "not first: sent first, refused on the next fill");
        assertEquals(0, array.fill(messages, 1, 1));
        assertEquals(Errno.EMSGSIZE, array.rejectErrno());
    }

    @Test
    void shouldRejectAFirstMessageToAnUnresolvedAddressAsEinval() {
        OutputMessage[] messages = Messages.numbered(1, InetSocketAddress.createUnresolved("x.invalid", 1), 1, true);

        assertEquals(0, array.fill(messages, 0, 1));
        assertEquals(Errno.EINVAL, array.rejectErrno());
    }

    @Test
    void shouldCopyHeapVectorsIntoStagingAndCountThem() {
        ByteBuffer heap = Messages.pattern(50, 5, false);
        OutputMessage[] messages = {new OutputMessage().address(TO).add(heap, 10, 20).add(heap, 0, 5)};

        assertEquals(1, array.fill(messages, 0, 1));

        Pointer iov = new Pointer(memory.getLong(16));
        byte[] expected = new byte[20];
        heap.get(10, expected);
        assertArrayEquals(expected, new Pointer(iov.getLong(0)).getByteArray(0, 20));
        assertNotEquals(0, iov.getLong(16));
        assertEquals(2, array.heapCopies());
        assertEquals(25, array.heapCopyBytes());
    }

    @Test
    void shouldCopyEachSentMessagesMsgLenIntoBytesSent() {
        OutputMessage[] messages = Messages.numbered(4, TO, 10, true);
        array.fill(messages, 1, 3);
        memory.setInt(56, 14);      // msg_len of the first, as the kernel writes it
        memory.setInt(64 + 56, 13); // msg_len of the second

        assertEquals(2, array.collect(messages, 1, 2));

        assertEquals(27, array.collectedBytes());

        assertEquals(14, messages[1].bytesSent());
        assertEquals(13, messages[2].bytesSent());
    }

    @Test
    void shouldWriteARunAsOneMmsghdrWithAllItsIovecsAndAUdpSegmentCmsg() {
        OutputMessage[] messages = Messages.sized(TO, 8, 1000, 1000, 1000, 600); // the range starts at 1
        array.gso(true);

        assertEquals(4, array.fill(messages, 1, 4));

        assertEquals(1, array.headers());
        assertEquals(4, array.segments(0));
        long firstIov = memory.getLong(16);                            // msg_iov
        assertEquals(8, memory.getLong(24));                           // msg_iovlen: 4 messages x 2
        assertEquals(array.controlAddress(0), memory.getLong(32));     // msg_control
        assertEquals(24, memory.getLong(40));                          // msg_controllen: CMSG_SPACE(2)
        Pointer cmsg = new Pointer(array.controlAddress(0));
        assertEquals(18, cmsg.getLong(0));                             // cmsg_len: CMSG_LEN(2)
        assertEquals(17, cmsg.getInt(8));                              // cmsg_level: SOL_UDP
        assertEquals(103, cmsg.getInt(12));                            // cmsg_type: UDP_SEGMENT
        assertEquals(1000, cmsg.getShort(16));                         // gso_size
        assertEquals(596, new Pointer(firstIov).getLong(7 * 16 + 8));  // last iov_len: 600 - 4
    }

    @Test
    void shouldWriteAnScmTxtimeCmsgForAMessageWithADepartureTime() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1000); // the range starts at 1
        messages[1].departureNanos(0x0123_4567_89AB_CDEFL);
        array.txTime(true);

        assertEquals(1, array.fill(messages, 1, 1));

        assertEquals(array.controlAddress(0), memory.getLong(32));    // msg_control
        assertEquals(24, memory.getLong(40));                         // msg_controllen: CMSG_SPACE(8)
        Pointer cmsg = new Pointer(array.controlAddress(0));
        assertEquals(24, cmsg.getLong(0));                            // cmsg_len: CMSG_LEN(8)
        assertEquals(1, cmsg.getInt(8));                              // cmsg_level: SOL_SOCKET
        assertEquals(61, cmsg.getInt(12));                            // cmsg_type: SCM_TXTIME
        assertEquals(0x0123_4567_89AB_CDEFL, cmsg.getLong(16));       // txtime, host order
    }

    @Test
    void shouldPutTheScmTxtimeBeforeTheUdpSegmentCmsgOfARun() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1000, 1000, 600);
        for (OutputMessage message : messages) {
            message.departureNanos(5_000_000_000L);
        }
        array.gso(true);
        array.txTime(true);

        assertEquals(4, array.fill(messages, 0, 4));

        assertEquals(1, array.headers());
        assertEquals(array.controlAddress(0), memory.getLong(32));    // msg_control
        assertEquals(48, memory.getLong(40));                         // msg_controllen: 24 + 24
        Pointer cmsg = new Pointer(array.controlAddress(0));
        assertEquals(24, cmsg.getLong(0));                            // cmsg_len: CMSG_LEN(8)
        assertEquals(1, cmsg.getInt(8));                              // cmsg_level: SOL_SOCKET
        assertEquals(61, cmsg.getInt(12));                            // cmsg_type: SCM_TXTIME
        assertEquals(5_000_000_000L, cmsg.getLong(16));               // txtime
        assertEquals(18, cmsg.getLong(24));                           // cmsg_len: CMSG_LEN(2)
        assertEquals(17, cmsg.getInt(24 + 8));                        // cmsg_level: SOL_UDP
        assertEquals(103, cmsg.getInt(24 + 12));                      // cmsg_type: UDP_SEGMENT
        assertEquals(1000, cmsg.getShort(24 + 16));                   // gso_size
    }

    @Test
    void shouldWriteOnlyTheUdpSegmentCmsgOfARunWithoutDepartureTime() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1000);
        array.gso(true);
        array.txTime(true);

        assertEquals(2, array.fill(messages, 0, 2));

        assertEquals(1, array.headers());
        assertEquals(24, memory.getLong(40));                         // msg_controllen: CMSG_SPACE(2)
        Pointer cmsg = new Pointer(array.controlAddress(0));
        assertEquals(17, cmsg.getInt(8));                             // cmsg_level: SOL_UDP first
        assertEquals(103, cmsg.getInt(12));                           // cmsg_type: UDP_SEGMENT
    }

    @Test
    void shouldEndARunWhereTheDepartureTimeChanges() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1000, 1000, 1000, 1000);
        long[] departures = {7_000L, 7_000L, 8_000L, 8_000L, 0L};
        for (int i = 0; i < messages.length; i++) {
            messages[i].departureNanos(departures[i]);
        }
        array.gso(true);
        array.txTime(true);

        assertEquals(5, array.fill(messages, 0, 5));

        assertEquals(3, array.headers());                            // [7000 7000] [8000 8000] [none]
        assertEquals(48, memory.getLong(40));
        assertEquals(7_000L, new Pointer(array.controlAddress(0)).getLong(16));
        assertEquals(48, memory.getLong(64 + 40));
        assertEquals(8_000L, new Pointer(array.controlAddress(1)).getLong(16));
        assertEquals(0, memory.getLong(128 + 32));                   // a plain message without a time: no cmsg
        assertEquals(0, memory.getLong(128 + 40));
    }

    @Test
    void shouldIgnoreDepartureTimesWithTxtimeOff() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1000, 1000);
        messages[0].departureNanos(7_000L);
        messages[1].departureNanos(8_000L);
        array.gso(true);

        assertEquals(3, array.fill(messages, 0, 3));

        assertEquals(1, array.headers(), "one run: the times do not split it");
        assertEquals(24, memory.getLong(40));                        // UDP_SEGMENT only
        assertEquals(17, new Pointer(array.controlAddress(0)).getInt(8));
    }

    @Test
    void shouldMapEachMmsghdrBackToItsMessagesWhenCollecting() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1000, 1000, 1000, 600, 1000, 1000);
        array.gso(true);
        assertEquals(7, array.fill(messages, 0, 7));
        assertEquals(2, array.headers());                   // [1000 1000 1000 1000 600] [1000 1000]
        memory.setInt(56, 4600);                            // msg_len of the first run, as the kernel writes it

        assertEquals(5, array.collect(messages, 0, 1));    // only the first mmsghdr was sent

        assertEquals(4600, array.collectedBytes());
        assertEquals(1, array.collectedRuns());
        assertEquals(5, array.collectedSegments());
        assertEquals(1000, messages[3].bytesSent());
        assertEquals(600, messages[4].bytesSent());
    }

    @Test
    void shouldWriteARunOfOneAsAPlainMessageWithoutCmsg() {
        OutputMessage[] messages = Messages.sized(TO, 1000, 1200);
        array.gso(true);

        assertEquals(2, array.fill(messages, 0, 2));

        assertEquals(2, array.headers());
        assertEquals(0, memory.getLong(32));  // msg_control
        assertEquals(0, memory.getLong(40));  // msg_controllen
        assertEquals(0, memory.getLong(64 + 32));
    }

    @Test
    void shouldJoinEqualAddressObjectsButNotIpv6ScopesEqualsIgnores() throws Exception {
        MessageArray v6 = new MessageArray(LibC.AF_INET6);
        try {
            byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
            InetSocketAddress scope1 = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 1), 5004);
            InetSocketAddress scope1Again = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 1), 5004);
            InetSocketAddress scope2 = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 2), 5004);
            assertEquals(scope1, scope2, "InetSocketAddress.equals ignores the scope id");
            OutputMessage[] messages = Messages.sized(scope1, 100, 100, 100);
            messages[1].address(scope1Again);
            messages[2].address(scope2);
            v6.gso(true);

            assertEquals(3, v6.fill(messages, 0, 3));

            assertEquals(2, v6.headers());
            assertEquals(2, v6.segments(0));
            assertEquals(1, v6.segments(1));
        } finally {
            v6.free();
        }
    }

    @Test
    void shouldEndARunBeforeItsIovecsPass1024() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(8);
        OutputMessage[] messages = new OutputMessage[40];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = new OutputMessage().address(TO);
            for (int v = 0; v < 30; v++) {
                messages[i].add(bytes, 0, 8); // 30 vectors of 8 bytes: 240-byte datagrams
            }
        }
        array.gso(true);

        assertEquals(40, array.fill(messages, 0, 40));

        assertEquals(2, array.headers());
        assertEquals(34, array.segments(0)); // 34 x 30 = 1,020 iovecs
        assertEquals(34 * 30, memory.getLong(24));
    }

    @Test
    void shouldNeverPutAnEmptyDatagramInARun() {
        OutputMessage[] messages = {new OutputMessage().address(TO), new OutputMessage().address(TO),
                Messages.sized(TO, 100)[0], new OutputMessage().address(TO)};
        array.gso(true);

        assertEquals(4, array.fill(messages, 0, 4));

        assertEquals(4, array.headers(), "an empty segment would vanish inside a run");
    }

    private static long address(ByteBuffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
