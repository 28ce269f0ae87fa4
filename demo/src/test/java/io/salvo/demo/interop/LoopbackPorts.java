package io.salvo.demo.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/** Free UDP ports on loopback for receivers that bind by number (ffmpeg). */
final class LoopbackPorts {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LoopbackPorts() {
    }

    /** An even port whose successor (RTCP) is free too. */
    static int freePair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
                port = probe.getLocalPort() & ~1;
            }
            if (port < 1024 || port > 65530) {
                continue;
            }
            if (bindable(port) && bindable(port + 1)) {
                return port;
            }
        }
        throw new IOException("no free UDP port pair");
    }

    private static boolean bindable(int port) {
        DatagramSocket socket = null;
        try {
            socket = new DatagramSocket(port);
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
