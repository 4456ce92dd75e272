package io.meshrelay.bench.srtp;

import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import io.meshrelay.srtp.SrtpSuite;
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
 * SRTP unprotect (authenticate, replay-check, decrypt), packets/s, per suite and payload size. A
 * ring of 1024 protected packets with consecutive sequence numbers is copied into the work buffer
 * one by one; when the ring wraps the receiver forgets the SSRC (removeSsrc) so the next pass is
 * not a replay. That re-creates one small per-SSRC state per 1024 packets: gc.alloc.rate.norm shows
 * it as a few hundredths of a byte. The libsrtp2 comparator does the same.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m",
        SrtpPackets.ADD_OPENS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SrtpUnprotectBenchmark {
    static final int RING = 1024;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpSuite suite;

    @Param({"160", "1200"})
    public int payload;

    @Param({"ARRAY", "HEAP", "DIRECT"})
    public SrtpProtectBenchmark.Buffer buffer;

    private SrtpSession session;
    private byte[][] ring;
    private byte[] work;
    private ByteBuf buf;
    private int length;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        ring = new byte[RING][];
        for (int i = 0; i < RING; i++) {
            byte[] p = SrtpPackets.rtp(payload, i, suite.rtpOverhead());
            SrtpProtectBenchmark.check(sender.protectRtp(p, 0, p.length - suite.rtpOverhead()));
            ring[i] = p;
        }
        length = ring[0].length;
        session = SrtpSession.receiver(keys);
        work = new byte[length];
        buf = buffer == SrtpProtectBenchmark.Buffer.DIRECT ? PooledByteBufAllocator.DEFAULT.directBuffer(2048, 2048)
                : PooledByteBufAllocator.DEFAULT.heapBuffer(2048, 2048);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public SrtpStatus unprotect() {
        byte[] p = ring[next];
        if (++next == RING) {
            next = 0;
        } else if (next == 1) {
            session.removeSsrc(SrtpPackets.SSRC);
        }
        if (buffer == SrtpProtectBenchmark.Buffer.ARRAY) {
            System.arraycopy(p, 0, work, 0, length);
            return SrtpProtectBenchmark.check(session.unprotectRtp(work, 0, length));
        }
        buf.clear();
        buf.writeBytes(p, 0, length);
        return SrtpProtectBenchmark.check(session.unprotectRtp(buf));
    }
}
