package io.meshrelay.controlplane.path;

import java.util.List;

/**
 * What the planner proposes for one flow: the k cheapest paths, the primary (the cheapest) and
 * its backups, chosen node-disjoint first and region-diverse second. Immutable.
 *
 * @param ranked   the k cheapest loopless paths meeting the constraints, cheapest first
 * @param primary  the path to send on; null when no path meets the constraints
 * @param backups  pre-computed alternatives for fast reroute, most independent first
 * @param complete false when a search hit its label budget (only with a latency limit on a big
 *                 mesh): then a cheaper path may exist
 */
public record PathPlan(List<RankedPath> ranked, RankedPath primary, List<BackupPath> backups, boolean complete) {
    public PathPlan {
        ranked = List.copyOf(ranked);
        backups = List.copyOf(backups);
    }

    /** True when some path meets the constraints. */
    public boolean hasPath() {
        return primary != null;
    }
}
