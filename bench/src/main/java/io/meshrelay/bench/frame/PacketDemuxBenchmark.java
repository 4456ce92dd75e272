package io.meshrelay.bench.frame;

import io.meshrelay.bench.support.Packets;
import io.meshrelay.relaycore.frame.PacketClass;
import io.meshrelay.relaycore.frame.Rtp;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * First-byte demultiplexing on a leg port, ns/op: the classification {@code LegHandler} does
 * before anything else: {@link PacketClass#of} on the first byte (RFC 7983 §7), then for media
 * the RTP/RTCP split on a muxed port (RFC 5761 §4) and the header validity check. Packets come
 * from a ring of 1024 in one pooled direct buffer, either all RTP or a mix with a realistic share
 * of RTCP, STUN (consent checks) and DTLS, in a seeded random order so branch prediction sees a
 * real mix.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class PacketDemuxBenchmark {
    private static final int RING = 1024;
    private static final int SLOT = 256;

    /** Traffic mix. */
    public enum Mix {
        /** Every packet RTP. */
        RTP,
        /** 90% RTP, 5% RTCP, 3% STUN, 2% DTLS. */
        MIXED
    }

    /** Outcome codes, as the handler would branch. */
    static final int RTP = 0;
    static final int RTCP = 1;
    static final int STUN = 2;
    static final int DTLS = 3;
    static final int DROP = 4;

    @Param({"RTP", "MIXED"})
    public Mix mix;

    private ByteBuf ring;
    private final int[] lengths = new int[RING];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ring = PooledByteBufAllocator.DEFAULT.directBuffer(RING * SLOT, RING * SLOT);
        ring.writerIndex(RING * SLOT);
        Random r = new Random(42);
        for (int i = 0; i < RING; i++) {
            byte[] p;
            int roll = mix == Mix.RTP ? 0 : r.nextInt(100);
            if (roll < 90) {
                p = Packets.rtp(Packets.SSRC, i, 160, 0);
            } else if (roll < 95) {
                p = Packets.rtcp(Packets.SSRC);
            } else if (roll < 98) {
                p = new byte[20]; // STUN Binding Request header: type 0x0001
                p[1] = 1;
            } else {
                p = new byte[13]; // DTLS record header: content type 22 (handshake)
                p[0] = 22;
            }
            ring.setBytes(i * SLOT, p, 0, Math.min(p.length, SLOT));
            lengths[i] = Math.min(p.length, SLOT);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ring.release();
    }

    @Benchmark
    public int classify() {
        int i = next;
        next = (i + 1) & (RING - 1);
        int off = i * SLOT;
        int len = lengths[i];
        switch (PacketClass.of(ring.getByte(off))) {
            case MEDIA:
                boolean rtcp = len >= 2 && Rtp.isRtcp(ring, off);
                if (rtcp ? !Rtp.isValidRtcp(ring, off, len) : !Rtp.isValidRtp(ring, off, len)) {
                    return DROP;
                }
                return rtcp ? RTCP : RTP;
            case STUN:
                return STUN;
            case DTLS:
                return DTLS;
            default:
                return DROP;
        }
    }
}
