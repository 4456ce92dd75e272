package io.meshrelay.bench.frame;

import io.meshrelay.bench.support.Packets;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.frame.TrunkFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Trunk frame parse, ns/op: what {@code Forwarder.onTrunk} reads before the tag check: wrap the
 * flyweight over a pooled direct buffer (the epoll read buffer), the structural {@code check()},
 * then type, current segment, session id and payload bounds. The tag check is
 * {@link TrunkTagBenchmark}. Expect a few ns and 0 B/op ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TrunkFrameParseBenchmark {
    /** Length of the segment list: 1 = direct to the egress, 8 = the bounded maximum. */
    @Param({"1", "3", "8"})
    public int segments;

    private final TrunkFrame frame = new TrunkFrame();
    private ByteBuf buf;
    private int length;

    @Setup(Level.Trial)
    public void setUp() {
        int[] segs = new int[segments];
        for (int i = 0; i < segments; i++) {
            segs[i] = 10 + i;
        }
        byte[] rtp = Packets.rtp(Packets.SSRC, 1, 160, 0);
        byte[] f = Packets.frame(new TrunkAuth(1, Packets.key16(1)), 9, 0x1122334455667788L, 3, segs, segments - 1,
                rtp, rtp.length);
        length = f.length;
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(2048, 2048);
        buf.writeBytes(f);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public long parse() {
        TrunkFrame f = frame.wrap(buf, 0, length);
        if (f.check() != TrunkFrame.FrameCheck.OK) {
            throw new IllegalStateException("benchmark frame does not parse: " + f.check());
        }
        int idx = f.segmentIndex();
        return f.type() + f.flags() + f.segment(idx) + (idx + 1 < f.segmentCount() ? f.segment(idx + 1) : 0)
                + f.session() + f.pathId() + f.pathEpoch() + f.payloadOffset() + f.payloadLength();
    }
}
