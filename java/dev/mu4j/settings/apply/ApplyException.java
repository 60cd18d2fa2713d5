package dev.mu4j.settings.apply;

/** A step could not be read, written or restored; the message says which command or detail and why. */
final class ApplyException extends Exception {
    private static final long serialVersionUID = 1L;

    ApplyException(String message) {
        super(message);
    }

    ApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
