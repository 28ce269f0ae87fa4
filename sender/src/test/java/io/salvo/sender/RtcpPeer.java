package io.salvo.sender;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A receiver at the far end of an RTP session, for tests: non-blocking JDK channels on loopback
 * at an RTP port P and an RTCP port P + 1 (or one port with rtcp-mux), that read what arrived and
 * send RTCP back.
 */
final class RtcpPeer implements AutoCloseable {
    /** A datagram as it arrived. */
    record Datagram(ByteBuffer bytes, InetSocketAddress source) {
    }

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;

    private RtcpPeer(DatagramChannel rtp, DatagramChannel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /** A peer on loopback at a free port P and, unless {@code mux}, P + 1. */
    static RtcpPeer open(boolean mux) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 64; attempt++) {
            DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
            rtp.configureBlocking(false);
            if (mux) {
                return new RtcpPeer(rtp, rtp);
            }
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            if (port < 65535) {
                try {
                    DatagramChannel rtcp = DatagramChannel.open().bind(new InetSocketAddress(loopback, port + 1));
                    rtcp.configureBlocking(false);
                    return new RtcpPeer(rtp, rtcp);
                } catch (IOException taken) {
                    // try another pair
                }
            }
            rtp.close();
        }
        throw new IOException("no free pair of loopback ports in 64 tries");
    }

    /** Where RTP goes. */
    InetSocketAddress rtpAddress() throws IOException {
        return (InetSocketAddress) rtp.getLocalAddress();
    }

    /** Where RTCP goes. */
    InetSocketAddress rtcpAddress() throws IOException {
        return (InetSocketAddress) rtcp.getLocalAddress();
    }

    /** Every datagram waiting on the RTCP port (RTP ones too with mux). */
    List<Datagram> drainRtcp() throws IOException {
        return drain(rtcp);
    }

    /** Every datagram waiting on the RTP port. */
    List<Datagram> drainRtp() throws IOException {
        return drain(rtp);
    }

    private static List<Datagram> drain(DatagramChannel channel) throws IOException {
        List<Datagram> datagrams = new ArrayList<>();
        while (true) {
            ByteBuffer buffer = ByteBuffer.allocate(65536).order(ByteOrder.BIG_ENDIAN);
            InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
            if (source == null) {
                return datagrams;
            }
            buffer.flip();
            datagrams.add(new Datagram(buffer, source));
        }
    }

    /** Sends {@code length} bytes of {@code buffer} from the RTCP port to {@code to}. */
    void sendRtcp(ByteBuffer buffer, int length, InetSocketAddress to) throws IOException {
        ByteBuffer view = buffer.duplicate();
        view.position(0).limit(length);
        rtcp.send(view, to);
    }

    @Override
    public void close() throws IOException {
        rtp.close();
        rtcp.close();
    }
}
