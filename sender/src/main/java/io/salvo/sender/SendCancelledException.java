package io.salvo.sender;

/** The send's {@link Cancellable} was cancelled before any message was sent. */
public final class SendCancelledException extends SendException {
    private static final long serialVersionUID = 1L;

    /** A cancelled exception. */
    public SendCancelledException() {
        super("the send was cancelled");
    }
}
