package io.salvo.demo.receive;

import io.salvo.rtcp.Bye;
import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.SenderReport;
import io.salvo.rtcp.SourceDescription;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sending end of an RTP session on the IPv4 loopback, built by hand: RTP from one socket, SR +
 * SDES and BYE from the socket on the port above it (or the same socket, for rtcp-mux), and
 * whatever comes back to the RTCP socket.
 */
final class RtcpPeer implements AutoCloseable {
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final InetSocketAddress rtpTarget;
    private final InetSocketAddress rtcpTarget;

    private RtcpPeer(DatagramChannel rtp, DatagramChannel rtcp, int rtpPort, int rtcpPort) throws IOException {
        this.rtp = rtp;
        this.rtcp = rtcp;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.rtpTarget = new InetSocketAddress(loopback, rtpPort);
        this.rtcpTarget = new InetSocketAddress(loopback, rtcpPort);
        rtp.configureBlocking(false);
        rtcp.configureBlocking(false);
    }

    /** A peer with RTP on an even port p and RTCP on p + 1, sending to {@code receiver}'s two ports. */
    static RtcpPeer separate(RtpReceiver receiver) throws IOException {
        return separate(receiver.port(), receiver.rtcpPort());
    }

    /** A peer with RTP on an even port p and RTCP on p + 1, sending to these loopback ports. */
    static RtcpPeer separate(int rtpPort, int rtcpPort) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            DatagramChannel rtp = bind(0);
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            if (port % 2 == 0 && port < 0xFFFF) {
                try {
                    return new RtcpPeer(rtp, bind(port + 1), rtpPort, rtcpPort);
                } catch (BindException taken) {
                    // try another
                }
            }
            rtp.close();
        }
        throw new IOException("no free pair of UDP ports in 100 attempts");
    }

    /** A peer sending RTP and RTCP from one socket to {@code receiver}'s one port (rtcp-mux). */
    static RtcpPeer mux(RtpReceiver receiver) throws IOException {
        return mux(receiver.port());
    }

    /** A peer sending RTP and RTCP from one socket to this loopback port (rtcp-mux). */
    static RtcpPeer mux(int port) throws IOException {
        DatagramChannel both = bind(0);
        return new RtcpPeer(both, both, port, port);
    }

    private static DatagramChannel bind(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            return channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Where the RTCP comes from. */
    InetSocketAddress rtcpAddress() throws IOException {
        return (InetSocketAddress) rtcp.getLocalAddress();
    }

    /** Sends RTP packets of {@code ssrc} with these sequence numbers (timestamp 3000 per number, 100 payload bytes). */
    void sendRtp(long ssrc, int... sequenceNumbers) throws IOException {
        for (int sequenceNumber : sequenceNumbers) {
            send(rtp, Packets.rtp(ssrc, sequenceNumber), rtpTarget);
        }
    }

    /** Sends SR + SDES CNAME for {@code ssrc} with NTP time now; returns that NTP timestamp. */
    long sendSenderReport(long ssrc, String cname, long rtpTimestamp, long packets, long octets) throws IOException {
        long ntp = NtpTime.fromEpochNanos(System.currentTimeMillis() * 1_000_000L);
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        ByteBuffer datagram = ByteBuffer.allocate(SenderReport.length(0) + SourceDescription.cnameLength(name.length));
        int length = SenderReport.write(datagram, 0, ssrc, ntp, rtpTimestamp, packets, octets, 0);
        length += SourceDescription.writeCname(datagram, length, ssrc, name);
        sendRtcp(datagram.limit(length));
        return ntp;
    }

    /** Sends an empty RR + BYE for {@code ssrc}, as a sender that leaves does. */
    void sendBye(long ssrc) throws IOException {
        ByteBuffer datagram = ByteBuffer.allocate(ReceiverReport.length(0) + Bye.length(0));
        int length = ReceiverReport.write(datagram, 0, ssrc, 0);
        length += Bye.write(datagram, length, ssrc, (String) null);
        sendRtcp(datagram.limit(length));
    }

    /** Sends {@code datagram} (position to limit) from the RTCP socket to the receiver's RTCP port. */
    void sendRtcp(ByteBuffer datagram) throws IOException {
        send(rtcp, datagram, rtcpTarget);
    }

    private static void send(DatagramChannel channel, ByteBuffer datagram, InetSocketAddress target) throws IOException {
        int length = datagram.remaining();
        assertEquals(length, channel.send(datagram.duplicate(), target), "bytes sent");
    }

    /** The next datagram that came back to the RTCP socket, positioned at 0, or null when none is waiting. */
    ByteBuffer poll() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        return rtcp.receive(buffer) == null ? null : buffer.flip();
    }

    /** The next datagram that comes back to the RTCP socket within {@code limit}, or null. */
    ByteBuffer await(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            ByteBuffer datagram = poll();
            if (datagram != null) {
                return datagram;
            }
            Thread.sleep(1);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        rtp.close();
        rtcp.close();
    }
}
