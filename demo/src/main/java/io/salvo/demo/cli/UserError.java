package io.salvo.demo.cli;

/**
 * A problem with what the user asked for (a missing file, a bad destination, conflicting
 * options): the CLI prints its message as one line on stderr and exits with code 1.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error whose message is the whole line the user sees. */
    public UserError(String message) {
        super(message);
    }

    /** An error with the underlying cause (shown with {@code --verbose}). */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
