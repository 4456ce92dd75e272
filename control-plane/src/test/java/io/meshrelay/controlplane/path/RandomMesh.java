package io.meshrelay.controlplane.path;

import io.meshrelay.controlplane.lsdb.LoadFigures;
import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbNode;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random LSDB snapshots for property tests: seeded, with down nodes/links, dead links, ties and gaps. */
final class RandomMesh {
    private RandomMesh() {
    }

    /**
     * @param integerMetrics small integer RTTs (0..20 ms) and round figures, so many paths tie
     */
    static LsdbSnapshot generate(Random r, int n, double density, int regions, boolean integerMetrics) {
        List<LsdbNode> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double load = integerMetrics ? r.nextInt(5) / 4.0 : r.nextDouble();
            boolean up = r.nextInt(25) != 0;
            nodes.add(new LsdbNode("n" + i, "g" + r.nextInt(regions), null, null, up, load, LoadFigures.NONE));
        }
        List<LsdbLink> links = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                if (u == v || r.nextDouble() >= density) {
                    continue;
                }
                double rtt = integerMetrics ? r.nextInt(21) : r.nextDouble() * 200;
                double jitter = integerMetrics ? r.nextInt(3) : r.nextDouble() * 10;
                int lossKind = r.nextInt(50);
                double loss = lossKind == 0 ? 1.0 : lossKind < 10 ? r.nextDouble() * 0.05 : 0;
                Double bw = r.nextInt(5) == 0 ? null : integerMetrics ? (double) (1 + r.nextInt(4)) * 100 : 1 + r.nextDouble() * 999;
                boolean up = r.nextInt(20) != 0;
                links.add(new LsdbLink("n" + u, "n" + v, rtt, jitter, loss, bw, up));
            }
        }
        return new LsdbSnapshot(r.nextInt(1000), nodes, links);
    }

    static PathWeights weights(Random r) {
        switch (r.nextInt(4)) {
            case 0: return PathWeights.LATENCY_ONLY;
            case 1: return PathWeights.DEFAULTS;
            case 2: return new PathWeights(0, 0, 0, 0, 0); // every path costs 0: all ties
            default: return new PathWeights(r.nextDouble() * 2, r.nextDouble() * 2, r.nextDouble() * 100,
                    r.nextDouble(), r.nextDouble() * 3);
        }
    }
}
