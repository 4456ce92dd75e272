package io.meshrelay.controlplane.path;

import java.util.List;

/**
 * A given path (typically the one a flow uses now) measured against a newer LSDB. Immutable.
 *
 * @param nodes    the path as given
 * @param usable   every node and link exists, is up and does not lose every packet
 * @param feasible usable and within the query's constraints
 * @param problem  why it is not usable or not feasible; null when it is both
 * @param metrics  its cost and metrics now; null when not usable
 */
public record PathEvaluation(List<String> nodes, boolean usable, boolean feasible, String problem, RankedPath metrics) {
    public PathEvaluation {
        nodes = List.copyOf(nodes);
    }
}
