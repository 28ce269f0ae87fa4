package io.salvo.sender;

/** A send with a positive timeout sent no message before the timeout expired. */
public final class SendTimeoutException extends SendException {
    private static final long serialVersionUID = 1L;

    private final long timeoutMicros;

    /** A timeout after {@code timeoutMicros} microseconds. */
    public SendTimeoutException(long timeoutMicros) {
        super("no message could be sent within " + timeoutMicros + " µs: the socket's send buffer stayed full");
        this.timeoutMicros = timeoutMicros;
    }

    /** The timeout that expired, in microseconds. */
    public long timeoutMicros() {
        return timeoutMicros;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
