package io.salvo.sender;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Opens the best {@link DatagramSender} for this platform: {@link SendmmsgSender} where it is
 * available (64-bit Linux with JNA), else {@link ChannelSender}. The system property {@code
 * io.salvo.sender.native=false} forces the channel sender.
 */
public final class DatagramSenders {
    private DatagramSenders() {
    }

    /** True if {@link #open} returns the native sender. */
    public static boolean nativeAvailable() {
        return NativeSupport.enabled() && NativeSupport.available();
    }

    /** Why the native sender is not used, or null if it is. */
    public static String nativeUnavailableBecause() {
        if (!NativeSupport.enabled()) {
            return "disabled by -D" + NativeSupport.PROPERTY + "=false";
        }
        return NativeSupport.unavailableBecause();
    }

    /** An unconnected sender bound to {@code local} (port 0: any). */
    public static DatagramSender open(InetSocketAddress local) throws IOException {
        return open(local, null, new SenderOptions());
    }

    /** A sender bound to {@code local} and connected to {@code remote}. */
    public static DatagramSender open(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        return open(local, remote, new SenderOptions());
    }

    /** A sender bound to {@code local}, connected to {@code remote} unless null, with {@code options}. */
    public static DatagramSender open(InetSocketAddress local, InetSocketAddress remote, SenderOptions options)
            throws IOException {
        if (nativeAvailable()) {
            return SendmmsgSender.open(local, remote, options);
        }
        return ChannelSender.open(local, remote, options);
    }

    /**
     * An RTP sender and an RTCP sender on the port above it, both unconnected, on {@code local}'s
     * address, with {@code options}. Port 0 picks an even ephemeral port whose successor is free
     * too (trying a bounded number of times); any other port binds exactly that port and the next.
     *
     * @throws java.net.BindException naming the RTP or the RTCP port if that one cannot be bound
     *                                (both are closed again)
     * @throws IOException            if no free pair turned up, or another open failure
     * @throws IllegalArgumentException for port 65535 (no port above it) or an unresolved address
     */
    public static SocketPair openPair(InetSocketAddress local, SenderOptions options) throws IOException {
        return PortPairs.open(local, options, (address, opts) -> open(address, null, opts));
    }
}
