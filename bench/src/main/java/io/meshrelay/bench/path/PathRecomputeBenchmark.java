package io.meshrelay.bench.path;

import io.meshrelay.controlplane.lsdb.LsdbLink;
import io.meshrelay.controlplane.lsdb.LsdbSnapshot;
import io.meshrelay.controlplane.path.MeshGraph;
import io.meshrelay.controlplane.path.PathConstraints;
import io.meshrelay.controlplane.path.PathFinder;
import io.meshrelay.controlplane.path.PathPlan;
import io.meshrelay.controlplane.path.PathWeights;
import java.util.Map;
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
 * What one node does after one link of a 200-node full mesh changes: compile the new snapshot
 * ({@link MeshGraph#of}, link costs) and re-plan every flow it originates, to every other node:
 * k=4 ranked paths plus one disjoint backup each ({@link PathFinder#planFrom}). The two
 * snapshots (before/after: one link's RTT, loss and bandwidth changed) are built in setup and
 * alternate, so validation of the incoming LSDB message is not counted; {@code rebuildGraph}
 * measures the compile step alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PathRecomputeBenchmark {
    @Param({"200"})
    int nodes;

    @Param({"geo"})
    String shape;

    private final LsdbSnapshot[] snapshots = new LsdbSnapshot[2];
    private String source;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        snapshots[0] = SyntheticMesh.fullMesh(nodes, shape, 99L);
        source = SyntheticMesh.id(0);
        LsdbLink l = snapshots[0].links().get(snapshots[0].links().size() / 3);
        snapshots[1] = snapshots[0].withLink(new LsdbLink(l.from(), l.to(), l.rttMs() * 3, l.jitterMs() * 2, 0.05,
                10.0, true));
    }

    @Benchmark
    public Map<String, PathPlan> recomputeAll() {
        LsdbSnapshot s = snapshots[next++ & 1];
        return new PathFinder(MeshGraph.of(s), PathWeights.DEFAULTS).planFrom(source, 4, 1, PathConstraints.NONE);
    }

    @Benchmark
    public PathFinder rebuildGraph() {
        return new PathFinder(MeshGraph.of(snapshots[next++ & 1]), PathWeights.DEFAULTS);
    }
}
