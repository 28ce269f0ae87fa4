package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code salvo receive --port P --idle 1 --json} running in this process on a free port, and
 * what its JSON summary says.
 */
final class Receiver {
    private final int port;
    private final Cli.Running running;

    private Receiver(int port) throws InterruptedException {
        this.port = port;
        this.running = Cli.start("receive", "--port", String.valueOf(port), "--idle", "1", "--json")
                .awaitErr("listening for RTP on");
    }

    /** A receiver listening (IPv4 and IPv6) on a port that was free a moment ago. */
    static Receiver listen() throws IOException, InterruptedException {
        return new Receiver(freePort());
    }

    /** A receiver listening on {@code port} (and RTCP on the next). */
    static Receiver listen(int port) throws InterruptedException {
        return new Receiver(port);
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    /** Waits until it idled out and returns its summary (one JSON line on stdout). */
    Summary summary() {
        Cli.Result result = running.result();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(1, result.outLines().size(), "stdout of receive --json holds one line: " + result.describe());
        return new Summary(result.outLines().get(0));
    }

    /**
     * The receiver's JSON. Its writer puts the totals before the {@code streams} array, so the
     * first occurrence of a key is the total and the one after {@code "streams":[} is the first stream's.
     */
    record Summary(String json) {
        long total(String key) {
            return number(json, key);
        }

        /** A field of the only stream (fails when there is not exactly one). */
        long stream(String key) {
            assertEquals(1, total("ssrcs"), "one SSRC expected: " + json);
            int streams = json.indexOf("\"streams\":[");
            assertTrue(streams > 0, "no streams array: " + json);
            return number(json.substring(streams), key);
        }

        private static long number(String json, String key) {
            Matcher matcher = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?\\d+)").matcher(json);
            assertTrue(matcher.find(), "no integer field '" + key + "' in " + json);
            return Long.parseLong(matcher.group(1));
        }
    }

    /** A UDP port that was free on the wildcard address a moment ago. */
    static int freePort() throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(0));
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }
    }
}
