package io.salvo.sender;

import java.io.IOException;

/**
 * Base of the exceptions a {@link DatagramSender#send send} throws when it could send no message
 * at all: {@link WouldBlockException}, {@link SendTimeoutException}, {@link SenderClosedException},
 * {@link SendCancelledException} and {@link ErrnoException}; a {@link DatagramReceiver#receive
 * receive} throws the last two of them.
 */
public abstract class SendException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    protected SendException(String message) {
        super(message);
    }
}
