package io.meshrelay.relaycore.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A participant for tests: a real UDP socket on loopback that sends paced RTP streams and
 * records what it receives (per SSRC: which sequence numbers, how often, with what delay).
 * Payload = 8-byte send time (nanoTime) + padding, so one-way delay is measurable in-process.
 * Optional transforms apply SRTP (or anything) on send and receive.
 */
public final class RtpPeer implements AutoCloseable {
    private final DatagramChannel channel;
    private final Thread receiver;
    private final ConcurrentHashMap<Integer, Received> received = new ConcurrentHashMap<>();
    private final List<byte[]> other = new CopyOnWriteArrayList<>();
    private final java.util.Set<java.net.SocketAddress> senders = ConcurrentHashMap.newKeySet();
    private volatile UnaryOperator<byte[]> onReceive = UnaryOperator.identity();
    private volatile boolean closed;
    private final AtomicLong rejected = new AtomicLong();

    private RtpPeer() throws IOException {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receiver = new Thread(this::receiveLoop, "rtp-peer-rx");
        receiver.setDaemon(true);
        receiver.start();
    }

    public static RtpPeer open() throws IOException {
        return new RtpPeer();
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Applied to every received datagram before it is recorded (e.g. SRTP unprotect); null = reject. */
    public void onReceive(UnaryOperator<byte[]> transform) {
        this.onReceive = transform;
    }

    /** An RTP packet: V=2, PT 0, the given seq/timestamp/SSRC, payload of {@code payloadBytes} starting with nanoTime. */
    public static byte[] rtp(int ssrc, int seq, long ts, int payloadBytes) {
        ByteBuffer b = ByteBuffer.allocate(12 + Math.max(8, payloadBytes));
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) ts).putInt(ssrc);
        b.putLong(System.nanoTime());
        return b.array();
    }

    /** A minimal RTCP receiver report (PT 201) from {@code ssrc}. */
    public static byte[] rtcp(int ssrc) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc);
        return b.array();
    }

    public void send(InetSocketAddress to, byte[] datagram) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), to);
    }

    /** Sends {@code count} packets at {@code pps}, each through {@code transform} (e.g. SRTP protect). */
    public Stream stream(InetSocketAddress to, int ssrc, int pps, int count, int payloadBytes,
            UnaryOperator<byte[]> transform) {
        Stream s = new Stream(to, ssrc, pps, count, payloadBytes, transform);
        s.thread.start();
        return s;
    }

    public Stream stream(InetSocketAddress to, int ssrc, int pps, int count) {
        return stream(to, ssrc, pps, count, 160, UnaryOperator.identity());
    }

    /** Sends {@code count} packets as fast as the socket takes them (a flood), in a background thread. */
    public Stream blast(InetSocketAddress to, int ssrc, int count) {
        Stream s = new Stream(to, ssrc, 0, count, 20, UnaryOperator.identity());
        s.thread.start();
        return s;
    }

    /** A paced sender thread ({@code pps} 0: unpaced). */
    public final class Stream {
        private final Thread thread;
        private final AtomicLong sent = new AtomicLong();
        private volatile boolean stop;

        private Stream(InetSocketAddress to, int ssrc, int pps, int count, int payloadBytes,
                UnaryOperator<byte[]> transform) {
            thread = new Thread(() -> {
                long intervalNs = pps == 0 ? 0 : 1_000_000_000L / pps;
                long next = System.nanoTime();
                for (int i = 0; i < count && !stop; i++) {
                    long wait = next - System.nanoTime();
                    if (intervalNs > 0 && wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next += intervalNs;
                    try {
                        send(to, transform.apply(rtp(ssrc, i & 0xFFFF, 160L * i, payloadBytes)));
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "rtp-peer-tx-" + Integer.toHexString(ssrc));
            thread.setDaemon(true);
        }

        public long sent() {
            return sent.get();
        }

        public void await() throws InterruptedException {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        }

        public void stop() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (!closed) {
            try {
                buf.clear();
                java.net.SocketAddress from = channel.receive(buf);
                if (from == null) {
                    continue;
                }
                senders.add(from);
                long now = System.nanoTime();
                buf.flip();
                byte[] raw = new byte[buf.remaining()];
                buf.get(raw);
                byte[] d = onReceive.apply(raw);
                if (d == null) {
                    rejected.incrementAndGet();
                    continue;
                }
                if (d.length >= 12 && (d[0] & 0xC0) == 0x80 && !((d[1] & 0xFF) >= 192 && (d[1] & 0xFF) <= 223)) {
                    int seq = ((d[2] & 0xFF) << 8) | (d[3] & 0xFF);
                    int ssrc = ByteBuffer.wrap(d, 8, 4).getInt();
                    long sentNs = d.length >= 20 ? ByteBuffer.wrap(d, 12, 8).getLong() : now;
                    received.computeIfAbsent(ssrc, k -> new Received()).record(seq, now - sentNs, d);
                } else {
                    other.add(d);
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return;
            }
        }
    }

    /** What arrived for one SSRC. */
    public static final class Received {
        private final BitSet seen = new BitSet(65536);
        private long packets;
        private long duplicates;
        private final List<Long> delaysNs = new ArrayList<>();
        private byte[] last;

        synchronized void record(int seq, long delayNs, byte[] datagram) {
            packets++;
            if (seen.get(seq)) {
                duplicates++;
            }
            seen.set(seq);
            delaysNs.add(delayNs);
            last = datagram;
        }

        public synchronized long packets() {
            return packets;
        }

        public synchronized long unique() {
            return seen.cardinality();
        }

        public synchronized long duplicates() {
            return duplicates;
        }

        /** Sequence numbers in {@code [0, count)} never received. */
        public synchronized int missing(int count) {
            int m = 0;
            for (int i = 0; i < count; i++) {
                if (!seen.get(i & 0xFFFF)) {
                    m++;
                }
            }
            return m;
        }

        public synchronized byte[] last() {
            return last;
        }
    }

    /** What arrived for {@code ssrc} (empty record if nothing). */
    public Received received(int ssrc) {
        return received.computeIfAbsent(ssrc, k -> new Received());
    }

    /** Datagrams that were not RTP (RTCP, STUN answers). */
    /** Every address a datagram came from. */
    public java.util.Set<java.net.SocketAddress> senders() {
        return senders;
    }

    public List<byte[]> other() {
        return other;
    }

    public long rejected() {
        return rejected.get();
    }

    /** Waits until {@code ssrc} has {@code unique} distinct packets or the timeout passes. */
    public boolean awaitUnique(int ssrc, long unique, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (received(ssrc).unique() >= unique) {
                return true;
            }
            Thread.sleep(10);
        }
        return received(ssrc).unique() >= unique;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
