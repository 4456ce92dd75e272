package io.meshrelay.relaycore.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WAN link between two trunk endpoints, emulated in user space (this kernel has no netem):
 * a UDP proxy with one socket per side; each direction has its own delay, jitter, loss and
 * blackhole, changeable while traffic flows. Node A is told that B lives at
 * {@link #addressForA()}, and B that A lives at {@link #addressForB()}.
 * Test and demo code only: production packet paths carry no impairment branches.
 */
public final class LinkEmulator implements AutoCloseable {
    /** Impairment of one direction. Immutable; replaced whole. */
    public record Impairment(double delayMs, double jitterMs, double loss, boolean blackhole) {
        public static final Impairment NONE = new Impairment(0, 0, 0, false);

        public static Impairment delay(double ms) {
            return new Impairment(ms, 0, 0, false);
        }

        public static Impairment blackholed() {
            return new Impairment(0, 0, 1, true);
        }
    }

    private final Direction aToB;
    private final Direction bToA;
    private final DatagramChannel sideA;
    private final DatagramChannel sideB;

    private LinkEmulator(InetSocketAddress a, InetSocketAddress b) throws IOException {
        sideA = open();
        sideB = open();
        aToB = new Direction("a->b", sideA, sideB, b);
        bToA = new Direction("b->a", sideB, sideA, a);
    }

    /** Proxies between trunk addresses {@code a} and {@code b}. */
    public static LinkEmulator start(InetSocketAddress a, InetSocketAddress b) throws IOException {
        LinkEmulator l = new LinkEmulator(a, b);
        l.aToB.start();
        l.bToA.start();
        return l;
    }

    private static DatagramChannel open() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ch;
    }

    /** Where A sends to reach B. */
    public InetSocketAddress addressForA() throws IOException {
        return (InetSocketAddress) sideA.getLocalAddress();
    }

    /** Where B sends to reach A. */
    public InetSocketAddress addressForB() throws IOException {
        return (InetSocketAddress) sideB.getLocalAddress();
    }

    public void setAtoB(Impairment i) {
        aToB.impairment = i;
    }

    public void setBtoA(Impairment i) {
        bToA.impairment = i;
    }

    public void setBoth(Impairment i) {
        setAtoB(i);
        setBtoA(i);
    }

    public long forwardedAtoB() {
        return aToB.forwarded.get();
    }

    public long forwardedBtoA() {
        return bToA.forwarded.get();
    }

    public long droppedAtoB() {
        return aToB.dropped.get();
    }

    @Override
    public void close() throws IOException {
        aToB.stop();
        bToA.stop();
        sideA.close();
        sideB.close();
    }

    private static final class Direction {
        private final DatagramChannel in;
        private final DatagramChannel out;
        private final InetSocketAddress to;
        private final DelayQueue<Pending> queue = new DelayQueue<>();
        private final AtomicLong forwarded = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final Thread reader;
        private final Thread writer;
        private volatile Impairment impairment = Impairment.NONE;
        private volatile boolean stopped;
        private long lastDueNs;
        private long order;

        Direction(String name, DatagramChannel in, DatagramChannel out, InetSocketAddress to) {
            this.in = in;
            this.out = out;
            this.to = to;
            reader = new Thread(this::read, "link-" + name + "-rx");
            writer = new Thread(this::write, "link-" + name + "-tx");
            reader.setDaemon(true);
            writer.setDaemon(true);
        }

        void start() {
            reader.start();
            writer.start();
        }

        void stop() {
            stopped = true;
            reader.interrupt();
            writer.interrupt();
        }

        private void read() {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (!stopped) {
                try {
                    buf.clear();
                    in.receive(buf);
                    buf.flip();
                    Impairment imp = impairment;
                    if (imp.blackhole || (imp.loss > 0 && ThreadLocalRandom.current().nextDouble() < imp.loss)) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    byte[] d = new byte[buf.remaining()];
                    buf.get(d);
                    double ms = imp.delayMs + (imp.jitterMs > 0
                            ? ThreadLocalRandom.current().nextGaussian() * imp.jitterMs : 0);
                    long due = System.nanoTime() + (long) (Math.max(0, ms) * 1e6);
                    // no reordering within one direction: a link delays, it does not shuffle
                    due = Math.max(due, lastDueNs);
                    lastDueNs = due;
                    queue.put(new Pending(d, due, order++));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void write() {
            while (!stopped) {
                try {
                    Pending p = queue.take();
                    out.send(ByteBuffer.wrap(p.data), to);
                    forwarded.incrementAndGet();
                } catch (InterruptedException | IOException e) {
                    return;
                }
            }
        }
    }

    private static final class Pending implements Delayed {
        final byte[] data;
        final long dueNs;
        final long order;

        Pending(byte[] data, long dueNs, long order) {
            this.data = data;
            this.dueNs = dueNs;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNs - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Pending p = (Pending) o;
            int c = Long.compare(dueNs, p.dueNs);
            return c != 0 ? c : Long.compare(order, p.order);
        }
    }
}
