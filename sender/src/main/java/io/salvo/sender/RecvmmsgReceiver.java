package io.salvo.sender;

import com.sun.jna.Native;
import java.io.IOException;

/**
 * The native receiver of a {@link SendmmsgSender}: one {@code recvmmsg(2)} with {@code
 * MSG_DONTWAIT} fills the whole batch from its preallocated {@code mmsghdr} array (see {@link
 * ReceivedBatch}), through JNA direct mapping, without allocating. Waits are {@code ppoll} on the
 * socket and the receive eventfd ({@link NativeSocket#awaitReadable}); the timeout argument of
 * {@code recvmmsg} is not used, as the kernel checks it only between datagrams.
 */
final class RecvmmsgReceiver extends BaseDatagramReceiver {
    private final NativeSocket socket;

    RecvmmsgReceiver(BaseDatagramSender owner, NativeSocket socket) {
        super(owner, "recvmmsg");
        this.socket = socket;
    }

    @Override
    int receiveSome(ReceivedBatch batch) {
        int received = LibC.recvmmsg(socket.fd(), batch.headersAddress(), batch.capacity(), LibC.MSG_DONTWAIT, 0L);
        long now = System.nanoTime();
        if (received < 0) {
            int errno = Native.getLastError();
            stats.received(1, 0, 0, 0);
            return -errno;
        }
        batch.filledByKernel(received, now);
        stats.received(1, received, batch.bytes(), batch.truncatedCount());
        return received;
    }

    @Override
    void awaitReadable(long nanos) throws IOException {
        socket.awaitReadable(nanos);
    }

    @Override
    void wakeup() {
        socket.wakeupReceive();
    }
}
