package io.meshrelay.bench.forward;

import io.meshrelay.bench.support.Packets;
import io.meshrelay.relaycore.forward.MeshState;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.session.Session;
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
 * Session (leg) lookup on the trunk, ns/op: {@link MeshState#session(long)}, the egress's only
 * per-frame table lookup: a volatile read of the copy-on-write map and a primitive-key get by the
 * frame's 64-bit wire id. On leg sockets there is no lookup (the handler holds its leg), so this
 * is the one lookup that grows with the number of calls. Keys come from a ring of 4096 ids in a
 * seeded random order ({@code hit}), or ids no session has ({@code miss}: a stale or forged
 * frame), so the cache sees a realistic spread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor", "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SessionLookupBenchmark {
    private static final int RING = 4096;

    /** Sessions anchored on the node. */
    @Param({"100", "10000"})
    public int sessions;

    private MeshState mesh;
    private final long[] hits = new long[RING];
    private final long[] misses = new long[RING];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        mesh = new MeshState(1, new TrunkAuth(1, Packets.key16(3)));
        long[] ids = new long[sessions];
        for (int i = 0; i < sessions; i++) {
            // the control path copies the map per insert (copy-on-write): fine for setup
            Session s = new Session("call-" + i, null);
            mesh.putSession(s);
            ids[i] = s.wireId();
        }
        Random r = new Random(11);
        for (int i = 0; i < RING; i++) {
            hits[i] = ids[r.nextInt(sessions)];
            misses[i] = Session.wireIdOf("absent-" + i);
        }
    }

    @Benchmark
    public Session hit() {
        int i = next;
        next = (i + 1) & (RING - 1);
        Session s = mesh.session(hits[i]);
        if (s == null) {
            throw new IllegalStateException("lookup missed a present session");
        }
        return s;
    }

    @Benchmark
    public Session miss() {
        int i = next;
        next = (i + 1) & (RING - 1);
        return mesh.session(misses[i]);
    }
}
