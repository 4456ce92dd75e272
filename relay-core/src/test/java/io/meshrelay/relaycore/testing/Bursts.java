package io.meshrelay.relaycore.testing;

import io.meshrelay.relaycore.DataPlane;
import io.meshrelay.relaycore.session.Session;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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

    /** What {@link #forwardingAllocation} measured: bytes the I/O threads allocated, packets it covered. */
    public record Allocation(long bytes, long delivered, long packets) {
    }

    /**
     * The node's I/O allocation while {@code from} sends to {@code to} and {@code receiver} gets it
     * from the relay: first a warm-up (60,000 packets at 20,000/s for the JIT, with 40 bursts that
     * size the pools to a full read batch), then 20,000 more with 20 bursts, measured. Full read
     * batches are where Netty's default per-thread pool allocated (~1.5 KB a burst, seen when a slow
     * CI machine let a backlog build). {@code sender} makes one sender's transform: each sending
     * thread gets its own (SRTP contexts are not shared between threads).
     */
    public static Allocation forwardingAllocation(DataPlane n, Session s, RtpPeer from, InetSocketAddress to,
            RtpPeer receiver, Supplier<UnaryOperator<byte[]>> sender) throws Exception {
        UnaryOperator<byte[]> bursts = sender.get();
        streamWithBursts(n, s, from, to, 0xD1, 60_000, sender.get(), 0, 40, bursts);
        receiver.awaitUnique(0xD1, 60_000, 2_000); // the holds may cost a socket buffer's worth
        long before = ioAllocatedBytes(n);
        streamWithBursts(n, s, from, to, 0xD2, 20_000, sender.get(), 40, 20, bursts);
        receiver.awaitUnique(0xD2, 20_000, 10_000);
        long bytes = ioAllocatedBytes(n) - before;
        long delivered = receiver.received(0xD2).unique();
        return new Allocation(bytes, delivered, delivered + 20L * SIZE);
    }

    private static long ioAllocatedBytes(DataPlane n) {
        long bytes = n.ioAllocatedBytes();
        if (bytes < 0) {
            throw new IllegalStateException("this JVM does not count bytes allocated per thread");
        }
        return bytes;
    }

    /** A stream of {@code count} packets at 20,000/s from {@code ssrc}, with bursts {@code firstBurst..} of SSRC 0xD3 in it. */
    private static void streamWithBursts(DataPlane n, Session s, RtpPeer from, InetSocketAddress to, int ssrc,
            int count, UnaryOperator<byte[]> streamTransform, int firstBurst, int bursts,
            UnaryOperator<byte[]> burstTransform) throws Exception {
        RtpPeer.Stream stream = from.stream(to, ssrc, 20_000, count, 160, streamTransform);
        for (int i = firstBurst; i < firstBurst + bursts; i++) {
            send(n, s, from, to, 0xD3, i * SIZE, burstTransform);
        }
        stream.await();
    }

    /**
     * Sends {@link #SIZE} RTP packets from {@code ssrc}, sequence numbers from {@code firstSeq}, each
     * through {@code transform}, while the session's I/O thread is held. The hold spins rather than
     * waits: what the I/O thread allocates is being measured.
     */
    private static void send(DataPlane n, Session s, RtpPeer from, InetSocketAddress to, int ssrc, int firstSeq,
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
