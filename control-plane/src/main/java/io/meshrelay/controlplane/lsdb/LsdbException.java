package io.meshrelay.controlplane.lsdb;

/**
 * An LSDB snapshot that cannot be used: the message names the offending element
 * ({@code links[17].to: unknown node 'fra-9'}) so the file or the sender can be fixed.
 */
public final class LsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LsdbException(String message) {
        super(message);
    }

    /** The same problem, located deeper: {@code where} is prefixed to the message. */
    LsdbException at(String where) {
        return new LsdbException(where + "." + getMessage());
    }
}
