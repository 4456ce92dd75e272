package io.meshrelay.bench.load;

import io.meshrelay.relaycore.transport.Transport;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sending end of a load point: one connected UDP socket per flow on one event loop thread,
 * paced like rtpblast: every tick it computes how many packets are due since the start and sends
 * them, spread round-robin over the flows, one flush (one sendmmsg on epoll) per flow per tick.
 * If it falls more than 2 ms behind, the backlog is skipped and counted, never burst; a socket
 * that stops accepting writes has its share skipped too, so nothing queues without bound. Each
 * packet carries its send time ({@link ProbePayload}) and, in SRTP mode, is protected with the
 * flow's key. All state is owned by the sender's loop thread.
 */
final class LoadSender {
    private final LoadSpec spec;
    private final EventLoop loop;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final Channel[] channels;
    private final SrtpSession[] srtp;
    private final int overhead;
    private final int runId;
    private final long total;
    private final long tickNs;
    private final long capPackets;
    private final double perNs;
    private final Promise<Void> finished;

    // loop-owned state
    final long[] written;
    final long[] errors;
    long done;
    long skipped;
    long unwritable;
    long srtpFailures;
    long t0;
    long tEnd;
    long maxBehindNs;
    private long lastTickNs;
    private int rr;
    private ScheduledFuture<?> ticker;

    private LoadSender(LoadSpec spec, EventLoop loop, SrtpSession[] srtp, int runId) {
        this.spec = spec;
        this.loop = loop;
        this.srtp = srtp;
        this.overhead = srtp == null ? 0 : srtp[0].suite().rtpOverhead();
        this.runId = runId;
        this.channels = new Channel[spec.flows()];
        this.written = new long[spec.flows()];
        this.errors = new long[spec.flows()];
        this.total = spec.plannedPackets();
        this.tickNs = spec.tickUs() * 1000L;
        this.perNs = spec.ratePps() / 1e9;
        // rtpblast: at most 2 ms of backlog is caught up at once
        this.capPackets = Math.max(64, (long) (spec.ratePps() * 0.002));
        this.finished = loop.newPromise();
    }

    /** Opens and connects one socket per flow to {@code targets.get(i)}. */
    static LoadSender open(Transport transport, EventLoop loop, LoadSpec spec, List<InetSocketAddress> targets,
            SrtpSession[] srtp, int runId) {
        if (targets.size() != spec.flows()) {
            throw new IllegalArgumentException(targets.size() + " targets for " + spec.flows() + " flows");
        }
        if (srtp != null && srtp.length != spec.flows()) {
            throw new IllegalArgumentException(srtp.length + " SRTP senders for " + spec.flows() + " flows");
        }
        LoadSender s = new LoadSender(spec, loop, srtp, runId);
        try {
            for (int i = 0; i < spec.flows(); i++) {
                int flow = i;
                Bootstrap b = transport.configure(new Bootstrap().group(loop), targets.get(i).getAddress(), 0, 0, 0,
                        Transport.LEG_BATCH, false)
                        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                        .handler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg); // nothing should come back; never leak it
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // a failed write with a void promise, e.g. ECONNREFUSED: counted per flow
                                s.errors[flow]++;
                            }
                        });
                int port = spec.srcBase() == 0 ? 0 : spec.srcBase() + i * spec.srcStep();
                InetSocketAddress local = new InetSocketAddress(spec.srcHost(), port);
                try {
                    s.channels[i] = b.connect(targets.get(i), local).sync().channel();
                } catch (Exception e) {
                    throw new IllegalStateException("flow " + i + ": cannot bind " + local + " and connect to "
                            + targets.get(i) + ": " + e.getMessage(), e);
                }
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Starts sending after a short head start for the receiver; {@link #finished()} completes at the end. */
    void start() {
        loop.execute(() -> {
            long headStartNs = 20_000_000L;
            t0 = System.nanoTime() + headStartNs;
            ticker = loop.scheduleAtFixedRate(this::tick, headStartNs, tickNs, TimeUnit.NANOSECONDS);
        });
    }

    Promise<Void> finished() {
        return finished;
    }

    private void tick() {
        long t = System.nanoTime();
        if (t < t0 || finished.isDone()) {
            return;
        }
        if (lastTickNs != 0 && t - lastTickNs - tickNs > maxBehindNs) {
            maxBehindNs = t - lastTickNs - tickNs;
        }
        lastTickNs = t;
        long planned = Math.min(total, (long) ((t - t0) * perNs) + 1);
        long owe = planned - done;
        if (owe > capPackets) {
            skipped += owe - capPackets;
            done += owe - capPackets;
            owe = capPackets;
        }
        if (owe > 0) {
            int n = channels.length;
            long base = owe / n;
            long extra = owe % n;
            for (int j = 0; j < n; j++) {
                long cnt = base + (j < extra ? 1 : 0);
                if (cnt == 0) {
                    break;
                }
                sendFlow((rr + j) % n, cnt);
            }
            rr = (int) ((rr + owe) % n);
            done += owe;
        }
        if (done >= total) {
            tEnd = System.nanoTime();
            ticker.cancel(false);
            finished.trySuccess(null);
        }
    }

    private void sendFlow(int f, long cnt) {
        Channel ch = channels[f];
        if (!ch.isWritable()) {
            unwritable += cnt;
            return;
        }
        int ssrc = spec.ssrcBase() + f;
        for (long k = 0; k < cnt; k++) {
            ByteBuf b = alloc.directBuffer(spec.size() + overhead);
            ProbePayload.write(b, spec.size(), ssrc, runId, f, written[f], System.nanoTime());
            if (srtp != null && srtp[f].protectRtp(b) != SrtpStatus.OK) {
                b.release();
                srtpFailures++;
                continue;
            }
            written[f]++;
            ch.write(b, ch.voidPromise());
        }
        ch.flush();
    }

    long threadId() throws Exception {
        return loop.submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS);
    }

    /** Stops sending (if still running) on the sender's thread. */
    void stop() throws Exception {
        loop.submit(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            if (tEnd == 0) {
                tEnd = System.nanoTime();
            }
            finished.trySuccess(null);
        }).get(10, TimeUnit.SECONDS);
    }

    void close() {
        for (Channel ch : channels) {
            if (ch != null) {
                ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
    }
}
