package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code salvo} without arguments: the bundled sample, streamed in real time (8 s) to a receiver in-process. */
class DemoTest {
    private static final Pattern RECEIVED = Pattern.compile(
            "^received    (\\d+) packets, (\\d+) lost, (\\d+) frames \\(marker bits\\), ", Pattern.MULTILINE);

    @Test
    void shouldStreamTheSampleAndSeeEveryPacketArrive() {
        Cli.Result result = Cli.run();

        assertEquals(0, result.exitCode(), result.describe());
        Matcher received = RECEIVED.matcher(result.out());
        assertTrue(received.find(), result.describe());
        assertEquals(result.packetsSent(), Long.parseLong(received.group(1)), result.out());
        assertEquals(0, Long.parseLong(received.group(2)), result.out());
        assertEquals(240, result.frames(), "8 s at 30 fps: " + result.out());
        assertEquals(result.frames(), Long.parseLong(received.group(3)), result.out());
        assertTrue(result.outLines().contains("every packet arrived."), result.out());
        assertTrue(result.out().startsWith("salvo demo: streaming the bundled sample"), result.out());
        assertTrue(result.out().contains("next steps:"), result.out());

        // progress (every 5 s when stderr is no terminal) on stderr, and only progress
        List<String> errLines = result.errLines();
        assertFalse(errLines.isEmpty(), "a progress line after 5 s: " + result.describe());
        assertEquals(List.of(), result.errLinesBesidesProgress(), result.err());
        assertTrue(result.outLines().stream().noneMatch(line -> Cli.PROGRESS.matcher(line).matches()),
                "no progress on stdout: " + result.out());
    }
}
