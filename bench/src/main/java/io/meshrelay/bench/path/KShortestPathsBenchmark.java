package io.meshrelay.bench.path;

import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.path.PathConstraints;
import io.meshrelay.controlplane.path.PathFinder;
import io.meshrelay.controlplane.path.PathWeights;
import io.meshrelay.controlplane.path.RankedPath;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The k=4 best loopless paths for one pair on a full mesh ({@link PathFinder#rank}), the query a
 * node runs per flow and the what-if CLI per call. The graph and link costs are built once in
 * setup (they change only with the LSDB, see {@link PathRecomputeBenchmark}); each operation asks
 * for the next of 64 seeded source/destination pairs, so the figures cover easy and hard pairs.
 * Targets: 200 nodes under 2 ms, 1,000 nodes under 20 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KShortestPathsBenchmark {
    @Param({"50", "200", "1000"})
    int nodes;

    /** See {@link SyntheticMesh}. */
    @Param({"geo", "uniform"})
    String shape;

    /** {@code none}, or {@code hops3}: at most 3 hops, which switches to the label-setting search. */
    @Param({"none", "hops3"})
    String limits;

    private PathFinder finder;
    private PathConstraints constraints;
    private final String[][] pairs = new String[64][];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        LsdbSnapshot s = SyntheticMesh.fullMesh(nodes, shape, 20261122L + nodes);
        finder = PathFinder.of(s, PathWeights.DEFAULTS);
        constraints = switch (limits) {
            case "none" -> PathConstraints.NONE;
            case "hops3" -> PathConstraints.NONE.withMaxHops(3);
            default -> throw new IllegalArgumentException("limits: " + limits);
        };
        Random r = new Random(7);
        for (int i = 0; i < pairs.length; i++) {
            int a = r.nextInt(nodes);
            int b = (a + 1 + r.nextInt(nodes - 1)) % nodes;
            pairs[i] = new String[] {SyntheticMesh.id(a), SyntheticMesh.id(b)};
        }
    }

    @Benchmark
    public List<RankedPath> rankK4() {
        String[] p = pairs[next++ & 63];
        return finder.rank(p[0], p[1], 4, constraints);
    }
}
