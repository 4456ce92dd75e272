package io.meshrelay.controlplane.path;

import java.util.List;

/**
 * One path with its cost and the metrics behind it, as the API and the CLI show it. Immutable.
 *
 * @param rank                    1-based position among the k cheapest paths, null for a backup
 *                                found outside them
 * @param nodes                   node ids from source to destination
 * @param cost                    sum of link costs under the query's {@link PathWeights}
 * @param hops                    links on the path
 * @param latencyMs               one-way latency estimate: sum of rttMs / 2 over the links
 * @param rttMs                   sum of the links' RTTs (the round trip along this path and back the same way)
 * @param jitterMs                sum of the links' jitter (an upper-bound style estimate)
 * @param loss                    end-to-end loss 1 - prod(1 - loss) over the links, 0..1
 * @param bottleneckBandwidthMbps least available bandwidth over the links; null when a link has no estimate
 * @param maxLoad                 highest load 0..1 among the nodes the path enters (transit and destination)
 * @param maxLoadNode             the node with that load
 * @param regions                 regions crossed, each once, in path order (source's first)
 */
public record RankedPath(
        Integer rank,
        List<String> nodes,
        double cost,
        int hops,
        double latencyMs,
        double rttMs,
        double jitterMs,
        double loss,
        Double bottleneckBandwidthMbps,
        double maxLoad,
        String maxLoadNode,
        List<String> regions) {

    public RankedPath {
        nodes = List.copyOf(nodes);
        regions = List.copyOf(regions);
    }

    RankedPath withRank(Integer r) {
        return new RankedPath(r, nodes, cost, hops, latencyMs, rttMs, jitterMs, loss, bottleneckBandwidthMbps,
                maxLoad, maxLoadNode, regions);
    }

    /** Transit nodes: all but the two ends. */
    public List<String> transit() {
        return nodes.subList(1, nodes.size() - 1);
    }
}
