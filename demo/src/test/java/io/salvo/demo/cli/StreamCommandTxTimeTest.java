package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.salvo.sender.DatagramSenders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code salvo stream --txtime off|auto|on} (kernel pacing, {@code SO_TXTIME}) to {@code salvo
 * receive} over loopback, both in this process: every packet arrives either way, and the summary
 * says whether the kernel paced. Loopback has no fq qdisc, so the datagrams leave as handed over;
 * what is checked here is the wiring, not the timing on the wire.
 */
class StreamCommandTxTimeTest {
    private static final String NATIVE = "io.salvo.sender.native";

    @ParameterizedTest(name = "--txtime {0}")
    @ValueSource(strings = {"auto", "on", "AUTO"})
    void shouldStreamEveryPacketPacedInTheKernel(String mode) throws Exception {
        assumeTrue(DatagramSenders.nativeAvailable(), "SO_TXTIME needs the native sender: "
                + DatagramSenders.nativeUnavailableBecause());
        Receiver receiver = Receiver.listen();

        Cli.Result stream = Cli.run("stream", "sample", "--to", "127.0.0.1:" + receiver.port(), "--speed", "8",
                "--txtime", mode);
        Receiver.Summary received = receiver.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        assertEquals(stream.packetsSent(), received.total("packets"), received.json());
        assertEquals(0, received.total("lost"), received.json());
        assertEquals(stream.packetsSent(), received.stream("expected"), received.json());
        assertEquals(List.of("  txtime    kernel pacing on (--txtime " + mode.toLowerCase() + "): datagrams handed to the"
                        + " kernel up to 4.0 ms ahead with their departure times (SO_TXTIME); only the fq qdisc holds"
                        + " them until then"),
                txTimeLines(stream), stream.describe());
        assertEquals(List.of(), stream.errLinesBesidesProgress(), "nothing but progress on stderr");
    }

    @Test
    void shouldEndTheStatusLineWithKernelPacing() throws Exception {
        assumeTrue(DatagramSenders.nativeAvailable(), "SO_TXTIME needs the native sender: "
                + DatagramSenders.nativeUnavailableBecause());
        Receiver receiver = Receiver.listen();

        // 8 s of sample at 1.5 x: about 5.3 s, so one status line (every 5 s when stderr is no terminal)
        Cli.Result stream = Cli.run("stream", "sample", "--to", "127.0.0.1:" + receiver.port(), "--speed", "1.5",
                "--txtime", "auto");
        receiver.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        List<String> status = stream.errLines().stream().filter(line -> Cli.PROGRESS.matcher(line).matches()).toList();
        assertFalse(status.isEmpty(), stream.describe());
        assertTrue(status.stream().allMatch(line -> line.endsWith("  kernel pacing")), stream.describe());
    }

    @Test
    void shouldSayNothingOfKernelPacingByDefaultOrWithOff() throws Exception {
        for (List<String> extra : List.of(List.<String>of(), List.of("--txtime", "off"))) {
            Receiver receiver = Receiver.listen();
            List<String> args = new ArrayList<>(List.of("stream", "sample", "--to",
                    "127.0.0.1:" + receiver.port(), "--speed", "8"));
            args.addAll(extra);

            Cli.Result stream = Cli.run(args.toArray(new String[0]));
            Receiver.Summary received = receiver.summary();

            assertEquals(0, stream.exitCode(), stream.describe());
            assertEquals(stream.packetsSent(), received.total("packets"), received.json());
            assertEquals(List.of(), txTimeLines(stream), stream.describe());
            assertFalse(stream.err().contains("kernel pacing"), "user-space pacing in the status line: " + stream.err());
        }
    }

    @Test
    void shouldSayTheKernelDidNotPaceAFastStream() throws Exception {
        Receiver receiver = Receiver.listen();

        Cli.Result stream = Cli.run("stream", "sample", "--to", "127.0.0.1:" + receiver.port(), "--fast",
                "--txtime", "auto");
        Receiver.Summary received = receiver.summary();

        assertEquals(0, stream.exitCode(), stream.describe());
        assertEquals(stream.packetsSent(), received.total("packets"), received.json());
        List<String> lines = txTimeLines(stream);
        assertEquals(1, lines.size(), stream.describe());
        assertTrue(lines.get(0).startsWith("  txtime    kernel pacing off (--txtime auto): "), stream.describe());
    }

    @Test
    void shouldPaceInUserSpaceWithAutoAndFailWithOnWhereTheSocketCannot() throws Exception {
        // the JDK's channel sender cannot set SO_TXTIME
        String before = System.getProperty(NATIVE);
        System.setProperty(NATIVE, "false");
        try {
            Receiver receiver = Receiver.listen();
            Cli.Result auto = Cli.run("stream", "sample", "--to", "127.0.0.1:" + receiver.port(), "--speed", "8",
                    "--txtime", "auto");
            Receiver.Summary received = receiver.summary();

            assertEquals(0, auto.exitCode(), auto.describe());
            assertEquals(auto.packetsSent(), received.total("packets"), received.json());
            assertEquals(List.of("  txtime    kernel pacing off (--txtime auto): the socket did not take SO_TXTIME"
                    + " (Linux 4.19+, native sender); paced in user space"), txTimeLines(auto), auto.describe());

            Cli.Result on = Cli.run("stream", "sample", "--to", "127.0.0.1:5004", "--speed", "8", "--txtime", "on");

            assertEquals(1, on.exitCode(), on.describe());
            assertEquals(List.of("salvo stream: --txtime on: SenderOptions.txTime(ON): ChannelSender cannot set"
                    + " SO_TXTIME (the JDK has no such option); use the native SendmmsgSender, or TxTime.AUTO to pace"
                    + " in user space here"), on.errLines());
            assertEquals("", on.out(), "nothing sent, no summary");
        } finally {
            if (before == null) {
                System.clearProperty(NATIVE);
            } else {
                System.setProperty(NATIVE, before);
            }
        }
    }

    private static List<String> txTimeLines(Cli.Result stream) {
        Pattern txTime = Pattern.compile("^  txtime .*");
        return stream.outLines().stream().filter(line -> txTime.matcher(line).matches()).toList();
    }
}
