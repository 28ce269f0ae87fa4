package io.salvo.sender;

import java.net.InetSocketAddress;

/**
 * The kernel refused the first message of a send with an error other than EAGAIN, such as
 * {@code sendmmsg failed: EMSGSIZE (Message too long) for message 1 to /127.0.0.1:5004}. The
 * message index is into the caller's array, so the caller can drop that message and go on. A
 * receive that fails has no message: {@code recvmmsg failed: EFAULT (Bad address)}, index -1.
 */
public final class ErrnoException extends SendException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final int messageIndex;
    private final transient InetSocketAddress destination;

    /**
     * An exception for {@code errno} returned by {@code call} for the message at {@code
     * messageIndex} bound to {@code destination} (null if unknown).
     */
    public ErrnoException(String call, int errno, int messageIndex, InetSocketAddress destination) {
        super(call + " failed: " + Errno.name(errno) + " (" + Errno.description(errno) + ") for message "
                + messageIndex + " to " + destination);
        this.errno = errno;
        this.messageIndex = messageIndex;
        this.destination = destination;
    }

    /** An exception for {@code errno} returned by {@code call}, for no message in particular (a receive). */
    public ErrnoException(String call, int errno) {
        super(call + " failed: " + Errno.name(errno) + " (" + Errno.description(errno) + ")");
        this.errno = errno;
        this.messageIndex = -1;
        this.destination = null;
    }

    /** The errno number. */
    public int errno() {
        return errno;
    }

    /** The errno name, such as {@code "EMSGSIZE"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** Index in the caller's message array of the message the kernel refused; -1 for a receive. */
    public int messageIndex() {
        return messageIndex;
    }

    /** Where that message was going (the connected peer for an address-less message), or null. */
    public InetSocketAddress destination() {
        return destination;
    }
}
