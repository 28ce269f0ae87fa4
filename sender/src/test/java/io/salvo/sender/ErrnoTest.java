package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
