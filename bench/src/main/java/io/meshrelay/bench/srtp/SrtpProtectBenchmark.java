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
 * SRTP protect, packets/s, per suite and payload size, on a plain array, a pooled heap ByteBuf and a
 * pooled direct ByteBuf (the data plane's case). Each operation copies the plain packet into the
 * work buffer, sets a new sequence number and protects it in place, as the libsrtp2 comparator
 * (bench/native/srtp_bench.c) does. Run with -prof gc: gc.alloc.rate.norm is bytes per packet.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Xms512m", "-Xmx512m",
        SrtpPackets.ADD_OPENS})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class SrtpProtectBenchmark {

    /** Where the packet lives. */
    public enum Buffer { ARRAY, HEAP, DIRECT }

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpSuite suite;

    @Param({"160", "1200"})
    public int payload;

    @Param({"ARRAY", "HEAP", "DIRECT"})
    public Buffer buffer;

    private SrtpSession session;
    private byte[] plain;
    private byte[] work;
    private ByteBuf buf;
    private int length;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        session = SrtpSession.sender(SrtpKeyMaterial.generate(suite));
        plain = SrtpPackets.rtp(payload, 0, 0);
        length = plain.length;
        work = new byte[length + 32];
        buf = buffer == Buffer.DIRECT ? PooledByteBufAllocator.DEFAULT.directBuffer(2048, 2048)
                : PooledByteBufAllocator.DEFAULT.heapBuffer(2048, 2048);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
        if (session.rtpCount(SrtpStatus.OK) == 0) {
            throw new IllegalStateException("nothing was protected");
        }
    }

    @Benchmark
    public SrtpStatus protect() {
        int s = seq++ & 0xffff;
        if (buffer == Buffer.ARRAY) {
            System.arraycopy(plain, 0, work, 0, length);
            SrtpPackets.setSeq(work, 0, s);
            return check(session.protectRtp(work, 0, length));
        }
        buf.clear();
        buf.writeBytes(plain, 0, length);
        buf.setShort(2, s);
        return check(session.protectRtp(buf));
    }

    static SrtpStatus check(SrtpStatus status) {
        if (status != SrtpStatus.OK) {
            throw new IllegalStateException("SRTP transform failed: " + status);
        }
        return status;
    }
}
