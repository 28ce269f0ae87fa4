package io.salvo.sender;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Opens the two sockets of a {@link SocketPair}: a given port and the one above, or, for port 0,
 * an ephemeral pair found by trial: bind any port, then its partner (the port above an even one,
 * below an odd one); if the partner is taken, let both go and try again, {@link #ATTEMPTS} times.
 */
final class PortPairs {
    /** Tries for an ephemeral pair before giving up. */
    static final int ATTEMPTS = 64;

    /** Opens one unconnected sender bound to an address. */
    @FunctionalInterface
    interface Opener {
        DatagramSender open(InetSocketAddress local, SenderOptions options) throws IOException;
    }

    private PortPairs() {
    }

    /** The pair at {@code local}'s port and the next (port 0: an even ephemeral port and the next). */
    static SocketPair open(InetSocketAddress local, SenderOptions options, Opener opener) throws IOException {
        if (local.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + local);
        }
        int port = local.getPort();
        if (port == 65535) {
            throw new IllegalArgumentException("RTP port 65535 leaves no port above it for RTCP");
        }
        return port == 0 ? openAny(local, options, opener) : openAt(local.getAddress(), port, options, opener);
    }

    private static SocketPair openAt(InetAddress address, int port, SenderOptions options, Opener opener)
            throws IOException {
        DatagramSender rtp;
        try {
            rtp = opener.open(new InetSocketAddress(address, port), options);
        } catch (BindException e) {
            throw bindFailure("RTP port " + port, address, e);
        }
        try {
            return new SocketPair(rtp, opener.open(new InetSocketAddress(address, port + 1), options));
        } catch (BindException e) {
            rtp.close();
            throw bindFailure("RTCP port " + (port + 1) + " (RTP port " + port + " + 1)", address, e);
        } catch (IOException | RuntimeException | Error e) {
            rtp.close();
            throw e;
        }
    }

    private static SocketPair openAny(InetSocketAddress local, SenderOptions options, Opener opener)
            throws IOException {
        BindException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            DatagramSender first = opener.open(local, options);
            int port = first.localAddress().getPort();
            boolean even = port % 2 == 0;
            try {
                DatagramSender second = opener.open(
                        new InetSocketAddress(local.getAddress(), even ? port + 1 : port - 1), options);
                return even ? new SocketPair(first, second) : new SocketPair(second, first);
            } catch (BindException e) {
                first.close();
                last = e;
            } catch (IOException | RuntimeException | Error e) {
                first.close();
                throw e;
            }
        }
        IOException e = new IOException("found no free pair of ports (even, even + 1) on "
                + local.getAddress().getHostAddress() + " in " + ATTEMPTS + " attempts");
        e.initCause(last);
        throw e;
    }

    private static BindException bindFailure(String what, InetAddress address, BindException cause) {
        BindException e = new BindException("cannot bind " + what + " on " + address.getHostAddress() + ": "
                + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
