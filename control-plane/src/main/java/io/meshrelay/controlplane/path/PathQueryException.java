package io.meshrelay.controlplane.path;

/**
 * A path query that cannot be answered as asked (unknown node, bad weight, source avoided...).
 * {@link #field()} names the query field, so a REST handler can answer 400 pointing at it and the
 * CLI can name the flag.
 */
public final class PathQueryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public PathQueryException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
