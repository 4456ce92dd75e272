package io.meshrelay.controlplane.path;

import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The answer to a {@link PathQuery}: ranked paths, the plan, and plain-language warnings where
 * the answer is less than asked (fewer paths, no disjoint backup, no path and why). Serialises
 * with Jackson as is (records; field order as declared), which is the JSON of
 * {@code meshrelay mesh paths --format json} and of the REST route. Immutable.
 *
 * @param query    the question, with weights and constraints filled in
 * @param lsdb     which snapshot answered
 * @param paths    the k cheapest loopless paths meeting the constraints, cheapest first
 * @param primary  the path a flow would use (the cheapest), null when none
 * @param backups  planned backups, most independent first
 * @param complete false when a search hit its label budget: a cheaper path may exist
 * @param warnings what an engineer should know about this answer; empty when it is as asked
 */
public record PathReport(PathQuery query, LsdbSummary lsdb, List<RankedPath> paths, RankedPath primary,
        List<BackupPath> backups, boolean complete, List<String> warnings) {

    /** Identifies the snapshot behind a report. */
    public record LsdbSummary(long epoch, int nodes, int links, int regions) {
    }

    public PathReport {
        paths = List.copyOf(paths);
        backups = List.copyOf(backups);
        warnings = List.copyOf(warnings);
    }

    public static PathReport of(LsdbSnapshot snapshot, PathQuery query) {
        return of(PathFinder.of(snapshot, query.weights()), query);
    }

    /** Answers {@code query} on {@code finder}'s graph (with the query's weights). */
    public static PathReport of(PathFinder finder, PathQuery query) {
        PathFinder f = finder.withWeights(query.weights());
        MeshGraph g = f.graph();
        PathConstraints c = query.constraints();
        PathPlan plan = f.plan(query.from(), query.to(), query.k(), query.backups(), c);
        List<String> warnings = new ArrayList<>();
        if (!plan.complete()) {
            warnings.add("the search stopped at its budget of " + PathSearch.DEFAULT_MAX_LABELS
                    + " labels: a cheaper path may be missing (a latency limit on a large mesh makes the search combinatorial)");
        }
        if (plan.primary() == null) {
            warnings.add(whyNoPath(f, query));
        } else {
            if (plan.ranked().size() < query.k() && plan.complete()) {
                warnings.add("only " + plan.ranked().size() + " loopless path" + (plan.ranked().size() == 1 ? "" : "s")
                        + " meet" + (plan.ranked().size() == 1 ? "s" : "") + " the constraints (asked for " + query.k() + ")");
            }
            if (plan.backups().size() < query.backups()) {
                warnings.add("found " + plan.backups().size() + " of " + query.backups()
                        + " backups: no other path meets the constraints");
            }
            for (int i = 0; i < plan.backups().size(); i++) {
                BackupPath b = plan.backups().get(i);
                if (b.diversity() == Diversity.OVERLAPPING) {
                    warnings.add("backup " + (i + 1) + " shares " + (b.sharedNodes().isEmpty() ? "the direct link"
                            : "transit node" + (b.sharedNodes().size() == 1 ? " " : "s ") + String.join(", ", b.sharedNodes()))
                            + " with the primary: no node-disjoint path meets the constraints");
                }
            }
            if (query.weights().bandwidth() > 0 && hasUnmeasuredBandwidth(plan)) {
                warnings.add("some links have no bandwidth estimate: they get no bandwidth cost and paths over "
                        + "them show no bottleneck");
            }
        }
        for (String region : c.avoidRegions()) {
            for (String end : List.of(query.from(), query.to())) {
                int v = g.indexOf(end);
                if (v >= 0 && g.regionOf(v).equals(region)) {
                    warnings.add("region '" + region + "' is avoided for transit only: it holds '" + end + "', an end of the path");
                }
            }
        }
        return new PathReport(query, new LsdbSummary(g.epoch(), g.nodeCount(), g.linkCount(), g.regions().size()),
                plan.ranked(), plan.primary(), plan.backups(), plan.complete(), warnings);
    }

    private static boolean hasUnmeasuredBandwidth(PathPlan plan) {
        for (RankedPath p : plan.ranked()) {
            if (p.bottleneckBandwidthMbps() == null) {
                return true;
            }
        }
        for (BackupPath b : plan.backups()) {
            if (b.path().bottleneckBandwidthMbps() == null) {
                return true;
            }
        }
        return false;
    }

    private static String whyNoPath(PathFinder f, PathQuery q) {
        MeshGraph g = f.graph();
        int s = g.indexOf(q.from());
        int t = g.indexOf(q.to());
        if (!g.nodeUp[s]) {
            return "no path: source '" + q.from() + "' is down";
        }
        if (!g.nodeUp[t]) {
            return "no path: destination '" + q.to() + "' is down";
        }
        if (q.constraints().limitsNothing()) {
            return "no path: every route from '" + q.from() + "' to '" + q.to() + "' has a link down, missing or losing everything";
        }
        Optional<RankedPath> free = f.best(q.from(), q.to(), PathConstraints.NONE);
        if (free.isEmpty()) {
            return "no path even without constraints: every route from '" + q.from() + "' to '" + q.to()
                    + "' has a link down, missing or losing everything";
        }
        RankedPath p = free.get();
        return String.format(Locale.ROOT, "no path meets the constraints; without them the best is %s (%d hop%s, %.1f ms, "
                + "bottleneck %s)", String.join(" > ", p.nodes()), p.hops(), p.hops() == 1 ? "" : "s", p.latencyMs(),
                p.bottleneckBandwidthMbps() == null ? "unmeasured" : String.format(Locale.ROOT, "%.0f Mbit/s",
                        p.bottleneckBandwidthMbps()));
    }
}
