package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpSocketsTest {
    @Test
    void shouldBindTheDualStackWildcardByDefault() throws IOException {
        Loopback.assumeIpv6();
        try (DatagramChannel channel = UdpSockets.bind(null, 0)) {
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();

            assertEquals(InetAddress.getByName("::"), local.getAddress());
            assertTrue(local.getPort() > 0);
        }
    }

    @Test
    void shouldFallBackToTheIpv4WildcardWhenTheJvmHasNoIpv6() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), PrintBoundAddress.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();

        assertEquals(0, child.exitValue(), output);
        assertEquals("0.0.0.0 dualStack=false received=1", output);
    }

    /** Run in a child JVM: binds the default address, receives one packet over IPv4, prints what it got. */
    static final class PrintBoundAddress {
        public static void main(String[] args) throws Exception {
            try (RtpReceiver receiver = RtpReceiver.open(0);
                 Packets.Sender sender = Packets.Sender.ipv4(receiver.port())) {
                receiver.start(java.time.Duration.ofSeconds(30), null);
                sender.sendSequence(Packets.SSRC_A, 1);
                receiver.awaitDatagrams(1, java.time.Duration.ofSeconds(10));
                System.out.println(receiver.localAddress().getAddress().getHostAddress()
                        + " dualStack=" + receiver.dualStack() + " received=" + receiver.snapshot().packets());
            }
        }
    }
}
