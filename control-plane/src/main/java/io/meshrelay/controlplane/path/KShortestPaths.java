package io.meshrelay.controlplane.path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Yen's k shortest loopless paths (J. Y. Yen, "Finding the K Shortest Loopless Paths in a
 * Network", Management Science 17(11), 1971) with Lawler's refinement (E. L. Lawler, Management
 * Science 18(7), 1972): a newly accepted path is only spurred from the node where it left its
 * parent, since the earlier spur nodes were spurred with the same root before. Each spur search
 * is exact under the query limits ({@link PathSearch}), so the k paths returned are the k
 * cheapest loopless paths that satisfy them, in {@link Path#ORDER}. Runs on the caller's thread
 * with the caller's {@link PathSearch}, already {@link PathSearch#prepare prepared}.
 */
final class KShortestPaths {
    private KShortestPaths() {
    }

    static List<Path> find(MeshGraph g, LinkCosts costs, PathSearch ps, int source, int k) {
        List<Path> accepted = new ArrayList<>(k);
        ps.clearBans();
        int[] firstEdges = ps.search(source, 0, 0, 0);
        if (firstEdges == null) {
            return accepted;
        }
        Path first = Path.of(g, costs, source, firstEdges, 0);
        accepted.add(first);
        PriorityQueue<Path> candidates = new PriorityQueue<>(Path.ORDER);
        Map<Path.Key, Path> known = new HashMap<>();
        known.put(new Path.Key(first.nodes), first);
        while (accepted.size() < k) {
            Path last = accepted.get(accepted.size() - 1);
            for (int i = last.deviation; i < last.nodes.length - 1; i++) {
                ps.clearBans();
                for (int r = 0; r < i; r++) {
                    ps.ban(last.nodes[r]); // the root path: the spur path must not loop back into it
                }
                for (Path p : accepted) {
                    if (p.nodes.length > i + 1 && Arrays.equals(p.nodes, 0, i + 1, last.nodes, 0, i + 1)) {
                        ps.forbidFirstHop(p.nodes[i + 1]); // already found: the next one must leave the root elsewhere
                    }
                }
                int[] spur = ps.search(last.nodes[i], last.prefixCost[i], last.prefixLatencyMs[i], i);
                if (spur == null) {
                    continue;
                }
                int[] edges = Arrays.copyOf(last.edges, i + spur.length);
                System.arraycopy(spur, 0, edges, i, spur.length);
                Path candidate = Path.of(g, costs, source, edges, i);
                Path.Key key = new Path.Key(candidate.nodes);
                Path before = known.putIfAbsent(key, candidate);
                if (before == null) {
                    candidates.add(candidate);
                } else if (i < before.deviation) {
                    before.deviation = i; // found again from an earlier root: spur it from there too
                }
            }
            Path next = candidates.poll();
            if (next == null) {
                break;
            }
            accepted.add(next);
        }
        // Costs already ascend; among equal costs the first path came from a search, not from the
        // candidate order, so order ties the documented way (fewer hops, then node indices).
        accepted.sort(Path.ORDER);
        return accepted;
    }
}
