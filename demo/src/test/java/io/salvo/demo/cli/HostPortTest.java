package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --to HOST:PORT}: what parses, and the message for what does not. */
class HostPortTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "127.0.0.1:5004,   127.0.0.1, 5004,  127.0.0.1:5004",
            "[::1]:5006,       ::1,       5006,  [0:0:0:0:0:0:0:1]:5006",
            "::1:5006,         ::1,       5006,  [0:0:0:0:0:0:0:1]:5006",
            "10.0.0.7:65535,   10.0.0.7,  65535, 10.0.0.7:65535",
            "192.168.1.20:1,   192.168.1.20, 1,  192.168.1.20:1"})
    void shouldParseAndFormat(String text, String address, int port, String formatted) throws Exception {
        InetSocketAddress parsed = HostPort.parse(text);

        assertEquals(InetAddress.getByName(address), parsed.getAddress());
        assertEquals(port, parsed.getPort());
        assertEquals(formatted, HostPort.format(parsed));
    }

    @Test
    void shouldResolveAHostName() {
        InetSocketAddress parsed = HostPort.parse("localhost:5004");

        assertTrue(parsed.getAddress().isLoopbackAddress(), parsed.toString());
        assertEquals(5004, parsed.getPort());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1        | invalid destination '127.0.0.1': expected HOST:PORT, e.g. 127.0.0.1:5004",
            "127.0.0.1:       | invalid destination '127.0.0.1:': expected HOST:PORT, e.g. 127.0.0.1:5004",
            ":5004            | invalid destination ':5004': expected HOST:PORT, e.g. 127.0.0.1:5004",
            "[::1             | invalid destination '[::1': expected [IPV6]:PORT",
            "[::1]            | invalid destination '[::1]': expected [IPV6]:PORT",
            "[::1]5004        | invalid destination '[::1]5004': expected [IPV6]:PORT",
            "[::1]:           | invalid destination '[::1]:': port '' is not a number",
            "127.0.0.1:rtp    | invalid destination '127.0.0.1:rtp': port 'rtp' is not a number",
            "127.0.0.1:0      | invalid destination '127.0.0.1:0': port 0 is outside 1-65535",
            "127.0.0.1:-1     | invalid destination '127.0.0.1:-1': port -1 is outside 1-65535",
            "127.0.0.1:65536  | invalid destination '127.0.0.1:65536': port 65536 is outside 1-65535",
            "nosuch.invalid:1 | invalid destination 'nosuch.invalid:1': unknown host 'nosuch.invalid'"})
    void shouldNameWhatIsWrong(String text, String message) {
        UserError error = assertThrows(UserError.class, () -> HostPort.parse(text));

        assertEquals(message, error.getMessage());
    }
}
