package io.salvo.rtp;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputMessageTest {

    @Test
    void shouldViewARangeWithoutTouchingPositionOrLimit() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(100);
        buffer.position(10).limit(20);

        OutputVector vector = new OutputVector(buffer, 40, 60);

        assertSame(buffer, vector.buffer());
        assertEquals(40, vector.offset());
        assertEquals(60, vector.length());
        assertEquals(10, buffer.position());
        assertEquals(20, buffer.limit());
    }

    @Test
    void shouldNameTheRangeAndCapacityOfAVectorOutOfBounds() {
        ByteBuffer buffer = ByteBuffer.allocate(100);

        assertEquals("OutputVector: range [90, 101) is outside the buffer's capacity 100",
                assertThrows(IndexOutOfBoundsException.class, () -> new OutputVector(buffer, 90, 11)).getMessage());
        assertEquals("OutputVector: range [-1, 0) is outside the buffer's capacity 100",
                assertThrows(IndexOutOfBoundsException.class, () -> new OutputVector(buffer, -1, 1)).getMessage());
        assertEquals("OutputVector: range [0, -1) is outside the buffer's capacity 100",
                assertThrows(IndexOutOfBoundsException.class, () -> new OutputVector(buffer, 0, -1)).getMessage());
        assertThrows(NullPointerException.class, () -> new OutputVector(null, 0, 0));
    }

    @Test
    void shouldHoldAddressVectorsInOrderAndTheirTotalLength() {
        ByteBuffer header = ByteBuffer.allocate(12);
        ByteBuffer payload = ByteBuffer.allocate(1000);
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", 5004);

        OutputMessage message = new OutputMessage(to, new OutputVector(header, 0, 12), new OutputVector(payload, 100, 500));

        assertSame(to, message.address());
        assertEquals(2, message.vectorCount());
        assertSame(header, message.vector(0).buffer());
        assertEquals(100, message.vector(1).offset());
        assertEquals(512, message.length());
        assertEquals(0, message.bytesSent());
    }

    @Test
    void shouldBeRefilledWithoutNewVectorObjectsOnceGrown() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        OutputMessage message = new OutputMessage();
        message.add(buffer, 0, 1).add(buffer, 1, 2).add(buffer, 3, 4);
        OutputVector first = message.vector(0);
        OutputVector third = message.vector(2);

        message.clear();
        message.add(buffer, 10, 5).add(buffer, 20, 6).add(buffer, 30, 7);

        assertSame(first, message.vector(0));
        assertSame(third, message.vector(2));
        assertEquals(18, message.length());
        assertNull(message.address());
    }

    @Test
    void shouldCopyVectorsNotBytesFromAnotherMessage() {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        InetSocketAddress to = new InetSocketAddress("::1", 9);
        OutputMessage source = new OutputMessage(to, new OutputVector(buffer, 4, 8));
        OutputMessage copy = new OutputMessage().add(buffer, 0, 1).add(buffer, 0, 1);
        copy.bytesSent(99);

        copy.set(source);

        assertEquals(1, copy.vectorCount());
        assertSame(buffer, copy.vector(0).buffer());
        assertEquals(4, copy.vector(0).offset());
        assertSame(to, copy.address());
        assertEquals(0, copy.bytesSent());
    }

    @Test
    void shouldCarryADepartureTimeThroughACopyAndDropItOnClear() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        OutputMessage source = new OutputMessage().add(buffer, 0, 8).departureNanos(123_456_789L);
        OutputMessage copy = new OutputMessage();

        assertEquals(0, copy.departureNanos(), "none by default");
        copy.set(source);
        assertEquals(123_456_789L, copy.departureNanos());
        copy.clear();
        assertEquals(0, copy.departureNanos());
    }

    @Test
    void shouldSetTheVectorCountAndRejectAccessBeyondIt() {
        OutputMessage message = new OutputMessage().vectorCount(3);

        assertEquals(3, message.vectorCount());
        message.vectorCount(1);
        assertEquals("vector 1 of a message with 1 vectors",
                assertThrows(IndexOutOfBoundsException.class, () -> message.vector(1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> message.vectorCount(-1));
    }
}
