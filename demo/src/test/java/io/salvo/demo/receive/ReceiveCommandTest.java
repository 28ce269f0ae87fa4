package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiveCommandTest {
    private static final long LIMIT_SECONDS = 20;

    /** The command running on its own thread, with stdout and stderr captured. */
    private static final class Run {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CompletableFuture<Integer> exitCode;

        Run(String... args) {
            CommandLine command = new CommandLine(new ReceiveCommand())
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
            exitCode = CompletableFuture.supplyAsync(() -> command.execute(args));
        }

        /** Waits until the command said it listens (sending earlier would lose the packets). */
        Run listening() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            while (!err.toString().contains("listening for RTP on")) {
                assertTrue(System.nanoTime() < deadline && !exitCode.isDone(), "not listening: " + err);
                Thread.sleep(5);
            }
            return this;
        }

        int exit() throws Exception {
            return exitCode.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        }

        List<String> outLines() {
            return out.toString().lines().toList();
        }

        List<String> errLines() {
            return err.toString().lines().toList();
        }
    }

    @Test
    void shouldPrintOneJsonObjectAsTheLastLineAfterIdling() throws Exception {
        int port = Loopback.freePort();
        Run run = new Run("--port", String.valueOf(port), "--idle", "1", "--json").listening();
        try (Packets.Sender sender = Packets.Sender.ipv4(port)) {
            for (int i = 0; i < 100; i++) {
                sender.sendSequence(Packets.SSRC_A, 40_000 + i);
            }
        }

        assertEquals(0, run.exit(), run.err.toString());
        List<String> lines = run.outLines();
        assertEquals(1, lines.size(), "stdout holds only the JSON: " + lines);
        Map<String, Object> json = JsonParser.parseObject(lines.get(lines.size() - 1));
        assertEquals(100L, json.get("packets"));
        assertEquals(0L, json.get("lost"));
        assertEquals(1L, json.get("ssrcs"));
        assertEquals(100L * 112, json.get("bytes"));
        assertEquals(0L, json.get("not_rtp"));
        assertEquals(Packets.SSRC_A, ((Map<?, ?>) ((List<?>) json.get("streams")).get(0)).get("ssrc"));
    }

    @Test
    void shouldPrintASummaryTableWithoutJson() throws Exception {
        int port = Loopback.freePort();
        Run run = new Run("-p", String.valueOf(port), "--idle", "0.3").listening();
        try (Packets.Sender sender = Packets.Sender.ipv4(port)) {
            sender.sendSequence(Packets.SSRC_B, 1, 2, 3, 4, 6);
        }

        assertEquals(0, run.exit(), run.err.toString());
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).startsWith("SSRC"), lines.toString());
        assertTrue(lines.get(1).matches("0xCAFEBABE\\s+96\\s+5\\s+1\\s+0\\s+0\\s+\\S+\\s+\\S+"), lines.get(1));
        assertTrue(lines.get(2).startsWith("total: 1 SSRC, 5 packets, 1 lost (16.67 %)"), lines.get(2));
    }

    @ParameterizedTest(name = "--port {0}")
    @CsvSource({
            "0, Invalid value for option '--port': 0 is not a UDP port (1-65535)",
            "70000, Invalid value for option '--port': 70000 is not a UDP port (1-65535)",
            "abc, Invalid value for option '--port': 'abc' is not an int",
    })
    void shouldRejectAnInvalidPortWithUsageAndExitCodeTwo(String port, String message) throws Exception {
        Run run = new Run("--port", port);

        assertEquals(2, run.exit());
        assertEquals(message, run.errLines().get(0));
        assertTrue(run.err.toString().contains("Usage: receive"), run.err.toString());
        assertEquals("", run.out.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--idle, 0, Invalid value for option '--idle': 0.0 is not a number of seconds > 0",
            "--timeout, -1, Invalid value for option '--timeout': -1.0 is not a number of seconds > 0",
            "--clock-rate, 0, Invalid value for option '--clock-rate': 0 is not a clock rate (> 0 Hz)",
            "--bind, not..an..address, Invalid value for option '--bind': cannot convert 'not..an..address' to InetAddress",
    })
    void shouldRejectOtherInvalidOptionsWithExitCodeTwo(String option, String value, String message) throws Exception {
        Run run = new Run("--port", "5004", option, value);

        assertEquals(2, run.exit());
        assertTrue(run.errLines().get(0).startsWith(message), run.errLines().get(0));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--rtcp-interval, 0, Invalid value for option '--rtcp-interval': 0.0 is not a number of seconds > 0",
            "--rtcp-interval, 3601, Invalid value for option '--rtcp-interval': 3601.0 is more than 3600 seconds",
            "--cname, '', Invalid value for option '--cname': 0 UTF-8 bytes (a CNAME has 1-255)",
    })
    void shouldRejectInvalidRtcpOptionsWithExitCodeTwo(String option, String value, String message) throws Exception {
        Run run = new Run("--port", "5004", option, value);

        assertEquals(2, run.exit());
        assertEquals(message, run.errLines().get(0));
    }

    @Test
    void shouldRefuseNoRtcpTogetherWithRtcpMux() throws Exception {
        Run run = new Run("--port", "5004", "--no-rtcp", "--rtcp-mux");

        assertEquals(2, run.exit());
        assertEquals("--no-rtcp and --rtcp-mux exclude each other", run.errLines().get(0));
        assertTrue(run.err.toString().contains("Usage: receive"), run.err.toString());
    }

    @Test
    void shouldAnswerSenderReportsOnThePortAboveAndSummarizeThem() throws Exception {
        int port = RtcpReceiverTest.freePortPair();
        Run run = new Run("--port", String.valueOf(port), "--idle", "0.5", "--rtcp-interval", "60").listening();
        assertTrue(run.errLines().get(0).contains(", RTCP on port " + (port + 1) + ", "), run.errLines().get(0));
        try (RtcpPeer peer = RtcpPeer.separate(port, port + 1)) {
            peer.sendRtp(Packets.SSRC_A, 1, 2, 3, 4, 6);
            peer.sendSenderReport(Packets.SSRC_A, "tx@test", 18_000, 6, 600);
            assertTrue(peer.await(Duration.ofSeconds(LIMIT_SECONDS)) != null, "a receiver report came back");

            assertEquals(0, run.exit(), run.err.toString());
            assertTrue(ParsedReport.parse(peer.poll()).bye(), "the last report has a BYE");
        }
        List<String> lines = run.outLines();
        assertTrue(lines.get(3).matches("RTCP on port " + (port + 1) + ": 1 datagram, 1 SR, 0 BYEs; "
                + "2 receiver reports sent \\(\\d+ bytes\\) and a BYE, as SSRC 0x[0-9A-F]{8} CNAME \"\\S{16}\""),
                lines.get(3));
        assertTrue(lines.get(4).matches("0x11223344: CNAME \"tx@test\", 1 SR, sender sent 6, received [0-5] by its "
                + "last SR \\(600 payload bytes sent\\)"), lines.get(4));
    }

    @Test
    void shouldAnswerOnThePortItselfWithRtcpMuxAndReportItInTheJson() throws Exception {
        int port = Loopback.freePort();
        Run run = new Run("--port", String.valueOf(port), "--idle", "0.5", "--rtcp-mux", "--rtcp-interval", "60",
                "--cname", "rx@test", "--json").listening();
        assertTrue(run.errLines().get(0).contains(", RTCP on port " + port + " too (rtcp-mux), "), run.errLines().get(0));
        try (RtcpPeer peer = RtcpPeer.mux(port)) {
            peer.sendRtp(Packets.SSRC_A, 1, 2, 3);
            peer.sendSenderReport(Packets.SSRC_A, "tx@test", 9000, 3, 300);
            ByteBuffer first = peer.await(Duration.ofSeconds(LIMIT_SECONDS));
            assertTrue(first != null, "a receiver report came back to the RTP source");
            assertEquals("rx@test", ParsedReport.parse(first).cname());

            assertEquals(0, run.exit(), run.err.toString());
        }
        Map<String, Object> json = JsonParser.parseObject(run.outLines().get(0));
        assertEquals(3L, json.get("packets"));
        assertEquals(1L, json.get("rtcp"));
        assertEquals(2L, json.get("rr_sent"));
        Map<?, ?> session = (Map<?, ?>) json.get("rtcp_session");
        assertEquals(true, session.get("mux"));
        assertEquals("rx@test", session.get("cname"));
        assertEquals(true, session.get("bye_sent"));
        Map<?, ?> stream = (Map<?, ?>) ((List<?>) json.get("streams")).get(0);
        assertEquals(1L, stream.get("sender_reports"));
        assertEquals("tx@test", stream.get("cname"));
        assertEquals(3L, stream.get("sender_packets"));
        assertEquals(300L, stream.get("sender_octets"));
    }

    @Test
    void shouldOpenNoRtcpSocketAndSendNothingWithNoRtcp() throws Exception {
        int port = RtcpReceiverTest.freePortPair();
        Run run = new Run("--port", String.valueOf(port), "--idle", "0.3", "--no-rtcp", "--json").listening();
        assertTrue(run.errLines().get(0).contains(", no RTCP, "), run.errLines().get(0));
        try (DatagramChannel above = DatagramChannel.open()) {
            above.bind(new InetSocketAddress(port + 1)); // free: the receiver did not take it
        }
        try (RtcpPeer peer = RtcpPeer.mux(port)) {
            peer.sendRtp(Packets.SSRC_A, 1, 2);
            peer.sendSenderReport(Packets.SSRC_A, "tx@test", 0, 2, 200);

            assertEquals(0, run.exit(), run.err.toString());
            assertNull(peer.poll(), "nothing sent");
        }
        Map<String, Object> json = JsonParser.parseObject(run.outLines().get(0));
        assertEquals(Map.of("enabled", false), json.get("rtcp_session"));
        assertEquals(0L, json.get("rr_sent"));
        assertEquals(1L, json.get("rtcp"), "the SR on the RTP port is counted, not read");
        assertEquals(2L, json.get("packets"));
    }

    @Test
    void shouldRequireThePort() throws Exception {
        Run run = new Run("--json");

        assertEquals(2, run.exit());
        assertEquals("Missing required option: '--port=PORT'", run.errLines().get(0));
    }

    @Test
    void shouldExitOneWithOneLineWhenThePortIsInUse() throws Exception {
        try (RtpReceiver occupant = RtpReceiver.open(0)) {
            int port = occupant.port();
            Run run = new Run("--port", String.valueOf(port), "--json");

            assertEquals(1, run.exit());
            assertEquals(List.of("cannot listen on port " + port + ": Address already in use"), run.errLines());
            assertEquals("", run.out.toString());
        }
    }

    @Test
    void shouldNameTheRtcpPortWhenOnlyItIsInUse() throws Exception {
        int port = RtcpReceiverTest.freePortPair();
        try (DatagramChannel rtcpTaken = DatagramChannel.open()) {
            rtcpTaken.bind(new InetSocketAddress(port + 1));
            Run run = new Run("--port", String.valueOf(port));

            assertEquals(1, run.exit());
            assertEquals(List.of("cannot listen on port " + port + ": RTCP port " + (port + 1)
                    + ": Address already in use (--rtcp-mux or --no-rtcp do without that port)"), run.errLines());
        }
    }

    @Test
    void shouldReportNothingWhenNoPacketArrivesBeforeTheTimeout() throws Exception {
        Run run = new Run("--port", String.valueOf(Loopback.freePort()), "--timeout", "0.2", "--json");

        assertEquals(0, run.exit());
        assertEquals("no packets within 0.2 s", run.errLines().get(run.errLines().size() - 1));
        Map<String, Object> json = JsonParser.parseObject(run.outLines().get(0));
        assertEquals(0L, json.get("packets"));
        assertEquals(0L, json.get("ssrcs"));
    }

    @Test
    void shouldShowHelpWithExamples() throws Exception {
        Run run = new Run("--help");

        assertEquals(0, run.exit());
        String help = run.out.toString();
        assertTrue(help.contains("--idle=SECONDS"), help);
        assertTrue(help.contains("--no-rtcp"), help);
        assertTrue(help.contains("--rtcp-mux"), help);
        assertTrue(help.contains("--rtcp-interval=SECONDS"), help);
        assertTrue(help.contains("--cname=TEXT"), help);
        assertTrue(help.contains("Examples:"), help);
        assertTrue(help.contains("salvo receive --port 5004"), help);
    }
}
