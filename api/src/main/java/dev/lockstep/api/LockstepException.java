package dev.lockstep.api;

import java.util.Objects;

/**
 * Base class of the errors Lockstep raises itself. Every instance carries a stable
 * {@link ErrorCode}; the message starts with it and says what to do.
 *
 * <p><b>Note:</b> instances are immutable once constructed and safe to share between threads.
 */
public class LockstepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The stable code of this error. */
    private final ErrorCode code;

    /**
     * Creates an exception whose message is {@code code.format(detail)}.
     *
     * @param code   the stable error code
     * @param detail what went wrong and how to fix it
     */
    public LockstepException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /**
     * Creates an exception whose message is {@code code.format(detail)}, with a cause.
     *
     * @param code   the stable error code
     * @param detail what went wrong and how to fix it
     * @param cause  the underlying failure, or {@code null}
     */
    public LockstepException(ErrorCode code, String detail, Throwable cause) {
        super(Objects.requireNonNull(code, "code").format(detail), cause);
        this.code = code;
    }

    /**
     * Returns the stable code of this error.
     *
     * @return the code, never {@code null}
     */
    public ErrorCode code() {
        return code;
    }
}
