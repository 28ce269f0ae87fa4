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
        return freeRun(2);
    }

    /** An even port P with P to P + count - 1 free (two streams and their RTCP: 4). */
    static int freeRun(int count) throws IOException {
        next:
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
                port = probe.getLocalPort() & ~1;
            }
            if (port < 1024 || port > 65535 - count) {
                continue;
            }
            for (int p = port; p < port + count; p++) {
                if (!bindable(p)) {
                    continue next;
                }
            }
            return port;
        }
        throw new IOException("no " + count + " free UDP ports in a row");
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
