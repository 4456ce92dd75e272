package io.meshrelay.controlplane.path;

import java.util.Objects;

/**
 * One what-if question: the k best paths and a primary/backup plan from one node to another
 * under given weights and constraints. The CLI ({@code meshrelay mesh paths}) and the REST route
 * build one and call {@link PathReport#of}. Immutable.
 *
 * @param from        source node id
 * @param to          destination node id
 * @param k           how many ranked paths, 1..{@value #MAX_K}
 * @param backups     how many backups to plan, 0..{@value #MAX_BACKUPS}
 * @param weights     link cost weights (null: {@link PathWeights#DEFAULTS})
 * @param constraints limits (null: {@link PathConstraints#NONE})
 */
public record PathQuery(String from, String to, int k, int backups, PathWeights weights, PathConstraints constraints) {
    public static final int DEFAULT_K = 4;
    public static final int MAX_K = 64;
    public static final int DEFAULT_BACKUPS = 1;
    public static final int MAX_BACKUPS = 8;

    public PathQuery {
        if (from == null || from.isEmpty()) {
            throw new PathQueryException("from", "missing node id");
        }
        if (to == null || to.isEmpty()) {
            throw new PathQueryException("to", "missing node id");
        }
        if (k < 1 || k > MAX_K) {
            throw new PathQueryException("k", "must be within 1.." + MAX_K + ", got " + k);
        }
        if (backups < 0 || backups > MAX_BACKUPS) {
            throw new PathQueryException("backups", "must be within 0.." + MAX_BACKUPS + ", got " + backups);
        }
        weights = Objects.requireNonNullElse(weights, PathWeights.DEFAULTS);
        constraints = Objects.requireNonNullElse(constraints, PathConstraints.NONE);
    }

    public static PathQuery of(String from, String to) {
        return new PathQuery(from, to, DEFAULT_K, DEFAULT_BACKUPS, PathWeights.DEFAULTS, PathConstraints.NONE);
    }
}
