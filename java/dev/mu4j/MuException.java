package dev.mu4j;

/**
 * The one unchecked exception of mu4j: a bad model, a bad argument or a native failure.
 *
 * <p>The message names what is wrong and where: the file, the tensor or the config field, and the value
 * that was expected. I/O failures that are not about the content of a file surface as {@link java.io.IOException}
 * or {@link java.io.UncheckedIOException} instead.
 */
public class MuException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message that names the file, tensor or field at fault. */
    public MuException(String message) {
        super(message);
    }

    /** An error caused by another exception (for example a malformed JSON document). */
    public MuException(String message, Throwable cause) {
        super(message, cause);
    }
}
