package io.salvo.sender;

/**
 * A non-blocking send (timeout 0) found no room for even one message: the socket's send buffer is
 * full (EAGAIN). An expected condition, so the exception carries no stack trace; retry when the
 * socket is writable.
 */
public final class WouldBlockException extends SendException {
    private static final long serialVersionUID = 1L;

    /** A would-block exception. */
    public WouldBlockException() {
        super("sending would block: the socket's send buffer is full (EAGAIN)");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
