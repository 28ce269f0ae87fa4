package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.salvo.rtp.OutputMessage;
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

        assertEquals(27, array.collect(messages, 1, 2));

        assertEquals(14, messages[1].bytesSent());
        assertEquals(13, messages[2].bytesSent());
    }

    private static long address(ByteBuffer buffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
