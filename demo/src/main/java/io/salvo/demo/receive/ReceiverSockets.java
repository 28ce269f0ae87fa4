package io.salvo.demo.receive;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The sockets of one receiver and the {@link Selector} that waits on them: the RTP socket, and the
 * RTCP socket on the port above it (RFC 3550 §11) unless RTCP is off or shares the RTP port.
 * Both are non-blocking and registered for reading.
 */
final class ReceiverSockets implements AutoCloseable {
    /** How many ephemeral ports are tried to find an even one with the port above it free. */
    static final int PAIR_ATTEMPTS = 64;
    private static final Consumer<SelectionKey> IGNORE_KEY = key -> { };

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final Selector selector;
    private final InetSocketAddress localAddress;
    private final int receiveBufferSize;

    private ReceiverSockets(DatagramChannel rtp, DatagramChannel rtcp, int requestedReceiveBuffer) throws IOException {
        this.rtp = rtp;
        this.rtcp = rtcp;
        rtp.setOption(StandardSocketOptions.SO_RCVBUF, requestedReceiveBuffer);
        this.receiveBufferSize = rtp.getOption(StandardSocketOptions.SO_RCVBUF);
        this.localAddress = (InetSocketAddress) rtp.getLocalAddress();
        rtp.configureBlocking(false);
        if (rtcp != null) {
            rtcp.configureBlocking(false);
        }
        this.selector = Selector.open();
        try {
            rtp.register(selector, SelectionKey.OP_READ);
            if (rtcp != null) {
                rtcp.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /**
     * Binds the RTP socket to {@code port} of {@code address} (null: every address, see
     * {@link UdpSockets#bind}) and, when {@code rtcpPort}, the RTCP socket to the port above on
     * the same address. With port 0 it tries up to {@value #PAIR_ATTEMPTS} ephemeral ports for an
     * even one whose successor is free too.
     *
     * @throws BindException when a port is taken; for the RTCP port the message names it
     */
    static ReceiverSockets open(InetAddress address, int port, boolean rtcpPort, int requestedReceiveBuffer)
            throws IOException {
        DatagramChannel rtp = null;
        DatagramChannel rtcp = null;
        try {
            if (!rtcpPort) {
                rtp = UdpSockets.bind(address, port);
            } else if (port != 0) {
                if (port == 0xFFFF) {
                    throw new BindException("RTCP needs the port above 65535, which does not exist");
                }
                rtp = UdpSockets.bind(address, port);
                rtcp = bindRtcp(rtp, port + 1);
            } else {
                for (int attempt = 0; attempt < PAIR_ATTEMPTS && rtcp == null; attempt++) {
                    rtp = UdpSockets.bind(address, 0);
                    rtcp = tryRtcp(rtp);
                    if (rtcp == null) {
                        rtp.close();
                        rtp = null;
                    }
                }
                if (rtcp == null) {
                    throw new BindException("no even UDP port with the port above it free in "
                            + PAIR_ATTEMPTS + " attempts");
                }
            }
            return new ReceiverSockets(rtp, rtcp, requestedReceiveBuffer);
        } catch (IOException | RuntimeException e) {
            closeQuietly(rtcp);
            closeQuietly(rtp);
            throw e;
        }
    }

    /** The RTCP socket above an even ephemeral RTP port, or null when it is odd or the port above is taken. */
    private static DatagramChannel tryRtcp(DatagramChannel rtp) throws IOException {
        int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
        if (port % 2 != 0 || port == 0xFFFF) {
            return null;
        }
        try {
            return bindRtcp(rtp, port + 1);
        } catch (BindException taken) {
            return null;
        }
    }

    private static DatagramChannel bindRtcp(DatagramChannel rtp, int port) throws IOException {
        InetAddress address = ((InetSocketAddress) rtp.getLocalAddress()).getAddress();
        try {
            return UdpSockets.bind(address, port);
        } catch (BindException e) {
            BindException named = new BindException("RTCP port " + port + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was sent on it
        }
    }

    /** The RTP socket (with rtcp-mux, RTCP's too). */
    DatagramChannel rtp() {
        return rtp;
    }

    /** The RTCP socket on the port above, or null. */
    DatagramChannel rtcp() {
        return rtcp;
    }

    /** Where the RTP socket is bound. */
    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The receive buffer the kernel granted the RTP socket, in bytes. */
    int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** Waits until a socket is readable, {@link #wakeup()} is called, or {@code millis} (> 0) pass. */
    void select(long millis) throws IOException {
        selector.select(IGNORE_KEY, millis);
    }

    /** Ends a {@link #select} in progress, or the next one. */
    void wakeup() {
        selector.wakeup();
    }

    /** Closes the selector and both sockets. */
    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing an epoll fd cannot fail in a way worth reporting
        }
        closeQuietly(rtcp);
        closeQuietly(rtp);
    }
}
