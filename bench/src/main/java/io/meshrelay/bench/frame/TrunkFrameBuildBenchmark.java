package io.meshrelay.bench.frame;

import io.meshrelay.bench.support.Packets;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.frame.TrunkFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * Trunk frame build, ns/op: the ingress's per-path work in {@code Forwarder.sendFrame}: take a
 * pooled direct buffer, write the header and segment list, copy the (already mesh-protected)
 * media packet in, seal with the SipHash tag, and give the buffer back (the socket write would).
 * Pool allocation and release are included because the data plane pays them per frame; heap
 * allocation must be 0 B/op ({@code -prof gc}; the benchmark thread is a Netty
 * FastThreadLocalThread like an I/O thread, see {@link io.meshrelay.bench.support.IoThreadExecutor}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class TrunkFrameBuildBenchmark {
    /** Nodes in the segment list after the ingress. */
    @Param({"1", "3"})
    public int hops;

    /** RTP payload bytes of the carried packet (12-byte header and a 10-byte SRTP tag come on top). */
    @Param({"160", "1200"})
    public int payload;

    private final TrunkFrame out = new TrunkFrame();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final TrunkAuth auth = new TrunkAuth(1, Packets.key16(1));
    private short[] segments;
    private ByteBuf media;
    private long session;

    @Setup(Level.Trial)
    public void setUp() {
        segments = new short[hops];
        for (int i = 0; i < hops; i++) {
            segments[i] = (short) (20 + i);
        }
        byte[] rtp = Packets.rtp(Packets.SSRC, 1, payload, 10);
        media = alloc.directBuffer(rtp.length, rtp.length);
        media.writeBytes(rtp);
        session = 0x0102030405060708L;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        media.release();
    }

    @Benchmark
    public long build() {
        int hl = TrunkFrame.headerLength(segments.length);
        int plen = media.readableBytes();
        int total = hl + plen + TrunkFrame.TAG_LENGTH;
        ByteBuf fb = alloc.directBuffer(total);
        try {
            out.wrap(fb, 0, total).writeHeader(TrunkFrame.TYPE_RTP, 0, auth.currentKeyId(), 9, session, 3, 7,
                    segments, 0);
            fb.setBytes(hl, media, media.readerIndex(), plen);
            fb.writerIndex(total);
            auth.seal(fb, 0, total);
            return fb.getLong(total - TrunkFrame.TAG_LENGTH);
        } finally {
            fb.release();
        }
    }
}
