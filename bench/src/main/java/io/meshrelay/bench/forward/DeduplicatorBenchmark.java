package io.meshrelay.bench.forward;

import io.meshrelay.relaycore.forward.Deduplicator;
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
 * Egress de-duplication window, ns/op: {@link Deduplicator#checkRtp} and, for a new packet,
 * {@link Deduplicator#markLast}, as {@code Forwarder.deliver} does per frame. Sequence numbers
 * are generated on the fly (so they wrap at 65,536 like real RTP) for {@code ssrcs} interleaved
 * streams in one session, in order, with every packet twice (redundant paths or a
 * make-before-break overlap: half the checks answer DUPLICATE), or reordered inside blocks of 8.
 * The teardown fails the run if any verdict other than the expected ones appeared.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class DeduplicatorBenchmark {
    /** Arrival pattern. */
    public enum Pattern { IN_ORDER, REDUNDANT, REORDERED }

    /** Fixed permutation of each SSRC's sequence numbers in blocks of 8 (REORDERED): 1-2 places late. */
    private static final int[] PERMUTATION = {1, 0, 3, 2, 6, 4, 5, 7};

    @Param({"IN_ORDER", "REDUNDANT", "REORDERED"})
    public Pattern pattern;

    /** Interleaved SSRCs in the session (e.g. audio + video + RTX of several senders); a power of two. */
    @Param({"1", "64"})
    public int ssrcs;

    private Deduplicator dedup;
    private int[] ssrcIds;
    private int ssrcMask;
    private int ssrcShift;
    private long counter;
    private long fresh;
    private long duplicates;
    private long other;

    @Setup(Level.Trial)
    public void setUp() {
        if (Integer.bitCount(ssrcs) != 1) {
            throw new IllegalArgumentException("ssrcs must be a power of two, got " + ssrcs);
        }
        ssrcMask = ssrcs - 1;
        ssrcShift = Integer.numberOfTrailingZeros(ssrcs);
        dedup = new Deduplicator();
        ssrcIds = new int[ssrcs];
        Random r = new Random(5);
        for (int i = 0; i < ssrcs; i++) {
            ssrcIds[i] = r.nextInt();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (other > 0) {
            throw new IllegalStateException(other + " TOO_OLD/TOO_MANY_SSRCS verdicts: the pattern is wrong");
        }
        if (pattern == Pattern.REDUNDANT ? Math.abs(fresh - duplicates) > 2 : duplicates > 0) {
            throw new IllegalStateException("unexpected verdicts: new " + fresh + ", duplicate " + duplicates);
        }
    }

    @Benchmark
    public Deduplicator.Verdict checkAndMark() {
        long i = counter++;
        if (pattern == Pattern.REDUNDANT) {
            i >>>= 1;
        }
        int ssrc = ssrcIds[(int) (i & ssrcMask)];
        long k = i >>> ssrcShift;
        if (pattern == Pattern.REORDERED) {
            k = (k & ~7L) | PERMUTATION[(int) (k & 7)];
        }
        int seq = (int) (k & 0xFFFF);
        Deduplicator.Verdict v = dedup.checkRtp(ssrc, seq);
        if (v == Deduplicator.Verdict.NEW) {
            dedup.markLast();
            fresh++;
        } else if (v == Deduplicator.Verdict.DUPLICATE) {
            duplicates++;
        } else {
            other++;
        }
        return v;
    }
}
