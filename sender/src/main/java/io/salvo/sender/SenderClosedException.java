package io.salvo.sender;

/**
 * The sender was closed before (or while) the send could put any message on the wire, or before
 * (or while) a receive on its socket could get a datagram.
 */
public final class SenderClosedException extends SendException {
    private static final long serialVersionUID = 1L;

    /** A closed exception. */
    public SenderClosedException() {
        super("the sender is closed");
    }
}
