package io.meshrelay.relaycore.testing;

import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.session.Session;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Bursts that fill a node's read batches: the session's I/O thread is held while the packets pile
 * up in the leg's socket, so the reads after it drain full batches, as on a node that fell behind.
 */
public final class Bursts {
    /** Packets a burst piles up: more than one read batch ({@code Transport.MAX_MESSAGES_PER_READ}). */
    public static final int SIZE = 200;

    private Bursts() {
    }

    /**
     * Turns Netty's leak detection off until closed, as the node runs (its main does): the tests'
     * paranoid level records a stack trace per buffer, which is allocation the node never does.
     */
    public static AutoCloseable leakDetectionOff() {
        io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        return () -> io.netty.util.ResourceLeakDetector.setLevel(level);
    }

    /**
     * A stream of {@code count} packets at 20,000/s from {@code ssrc} with bursts {@code firstBurst}
     * to {@code firstBurst + bursts - 1} of {@code burstSsrc} sent into it; returns when both are sent.
     * Each sender has its own transform (SRTP contexts are not shared between threads).
     */
    public static void streamWithBursts(DataPlane n, Session s, RtpPeer from, InetSocketAddress to, int ssrc,
            int count, UnaryOperator<byte[]> streamTransform, int burstSsrc, int firstBurst, int bursts,
            UnaryOperator<byte[]> burstTransform) throws Exception {
        RtpPeer.Stream stream = from.stream(to, ssrc, 20_000, count, 160, streamTransform);
        for (int i = firstBurst; i < firstBurst + bursts; i++) {
            send(n, s, from, to, burstSsrc, i * SIZE, burstTransform);
        }
        stream.await();
    }

    /** Bytes the session's I/O thread allocated while {@code work} ran (HotSpot's per-thread counter). */
    public static long ioThreadAllocation(DataPlane n, Session s, java.util.concurrent.Callable<?> work)
            throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long io = n.onSessionThread(s, () -> Thread.currentThread().getId());
        long before = threads.getThreadAllocatedBytes(io);
        work.call();
        return threads.getThreadAllocatedBytes(io) - before;
    }

    /**
     * Sends {@link #SIZE} RTP packets from {@code ssrc}, sequence numbers from {@code firstSeq}, each
     * through {@code transform}, while the session's I/O thread is held. The hold spins rather than
     * waits: callers measure what the I/O thread allocates.
     */
    public static void send(DataPlane n, Session s, RtpPeer from, InetSocketAddress to, int ssrc, int firstSeq,
            UnaryOperator<byte[]> transform) throws Exception {
        byte[][] packets = new byte[SIZE][];
        for (int i = 0; i < SIZE; i++) {
            int seq = firstSeq + i;
            packets[i] = transform.apply(RtpPeer.rtp(ssrc, seq & 0xFFFF, 160L * seq, 160));
        }
        AtomicInteger phase = new AtomicInteger();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread hold = new Thread(() -> {
            try {
                n.onSessionThread(s, () -> {
                    phase.set(1);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    while (phase.get() != 2 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    return null;
                });
            } catch (Exception e) {
                failed.set(e);
            }
        }, "burst-hold");
        hold.start();
        while (phase.get() != 1 && hold.isAlive()) {
            Thread.onSpinWait();
        }
        for (byte[] p : packets) {
            from.send(to, p);
        }
        phase.set(2);
        hold.join(5000);
        if (failed.get() != null) {
            throw failed.get();
        }
    }
}
