package io.meshrelay.srtp;

/** A malformed SDES {@code a=crypto} value; the message names the offending part. */
public final class SdesParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SdesParseException(String message) {
        super(message);
    }

    public SdesParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
