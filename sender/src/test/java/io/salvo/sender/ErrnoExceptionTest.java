package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ErrnoExceptionTest {
    @Test
    void shouldNameTheCallTheErrnoTheMessageAndItsDestination() {
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", 5004);

        ErrnoException e = new ErrnoException("sendmmsg", Errno.EMSGSIZE, 1, to);

        assertEquals("sendmmsg failed: EMSGSIZE (Message too long) for message 1 to /127.0.0.1:5004", e.getMessage());
        assertEquals(90, e.errno());
        assertEquals("EMSGSIZE", e.errnoName());
        assertEquals(1, e.messageIndex());
        assertEquals(to, e.destination());
    }
}
