package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.BindException;
import java.net.PortUnreachableException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrnoTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "4   | EINTR        | Interrupted system call",
            "11  | EAGAIN       | Resource temporarily unavailable",
            "90  | EMSGSIZE     | Message too long",
            "105 | ENOBUFS      | No buffer space available",
            "111 | ECONNREFUSED | Connection refused",
            "133 | EHWPOISON    | Memory page has hardware error",
            "41  | errno 41     | Unknown error 41",
            "0   | errno 0      | Unknown error 0",
            "500 | errno 500    | Unknown error 500",
            "-1  | errno -1     | Unknown error -1",
    })
    void shouldNameAndDescribeErrno(int errno, String name, String description) {
        assertEquals(name, Errno.name(errno));
        assertEquals(description, Errno.description(errno));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Message too long                             | 90",
            "message too long (sendto failed)             | 90",
            "Interrupted system call should be restarted  | 85",
            "Interrupted system call                      | 4",
            "No buffer space available                    | 105",
            "something else                               | 0",
    })
    void shouldFindTheErrnoOfTheJdksText(String text, int errno) {
        assertEquals(errno, Errno.fromDescription(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ECONNREFUSED | 111 | true",  // ICMP port unreachable
            "EHOSTUNREACH | 113 | true",  // host unreachable, time exceeded
            "ENETUNREACH  | 101 | true",  // net unreachable
            "EMSGSIZE     | 90  | true",  // fragmentation needed / packet too big
            "EPROTO       | 71  | true",  // parameter problem
            "EACCES       | 13  | true",  // ICMPv6 administratively prohibited
            "EAGAIN       | 11  | false",
            "EBADF        | 9   | false",
            "EINVAL       | 22  | false",
            "EFAULT       | 14  | false",
            "ENOBUFS      | 105 | false",
    })
    void shouldTellTheErrorsAnIcmpMessageLeavesPendingOnASocket(String name, int errno, boolean pending) {
        assertEquals(name, Errno.name(errno));
        assertEquals(pending, Errno.isPendingSocketError(errno));
    }

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of(new PortUnreachableException("ICMP Port Unreachable"), Errno.ECONNREFUSED),
                Arguments.of(new ClosedChannelException(), Errno.EBADF),
                Arguments.of(new AsynchronousCloseException(), Errno.EBADF),
                Arguments.of(new BindException("Address already in use"), 98),
                Arguments.of(new IOException("Message too long"), Errno.EMSGSIZE),
                Arguments.of(new IOException("something odd"), Errno.EIO),
                Arguments.of(new IOException(), Errno.EIO));
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void shouldFindTheErrnoBehindAChannelException(IOException e, int errno) {
        assertEquals(errno, Errno.of(e));
    }
}
