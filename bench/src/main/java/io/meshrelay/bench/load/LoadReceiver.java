package io.meshrelay.bench.load;

import io.meshrelay.relaycore.transport.Transport;
import io.meshrelay.srtp.SrtpSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The measuring end of a load point: one UDP socket (recvmmsg batches on epoll) that every flow's
 * packets reach, after the relay or directly. Stamps each datagram on arrival, then hands it to
 * the current {@link ReceiverStats}. Runs on its own event loop thread; the caller arms it per
 * point and reads the statistics back through that loop.
 */
final class LoadReceiver extends ChannelInboundHandlerAdapter implements AutoCloseable {
    /** Requested receive buffer; the kernel caps it at net.core.rmem_max (rtpblast forces 8 MiB as root). */
    static final int RCVBUF = 8 << 20;

    private final EventLoop loop;
    private Channel channel;
    /** Loop-owned. */
    private ReceiverStats stats;
    private long unarmed;
    /** Written once per read batch, read by the caller to detect the end of a point. */
    private volatile long lastBatchNs;
    private volatile long uniqueSoFar;

    private LoadReceiver(EventLoop loop) {
        this.loop = loop;
    }

    static LoadReceiver bind(Transport transport, EventLoop loop, InetSocketAddress address) throws InterruptedException {
        LoadReceiver r = new LoadReceiver(loop);
        Bootstrap b = transport.configure(new Bootstrap().group(loop), address.getAddress(), RCVBUF, 0, 0,
                Transport.BATCH, false)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(r);
        try {
            r.channel = b.bind(address).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("load receiver cannot bind " + address + ": " + e.getMessage(), e);
        }
        return r;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Starts a new point: packets from now on are counted for {@code runId}. */
    void arm(int runId, int flows, int ssrcBase, SrtpSession[] srtp) throws Exception {
        call(() -> {
            stats = new ReceiverStats(runId, flows, ssrcBase, srtp);
            uniqueSoFar = 0;
            return null;
        });
    }

    /** The statistics of the current point, handed over through the receiver's thread. */
    ReceiverStats stats() throws Exception {
        return call(() -> stats);
    }

    long lastBatchNs() {
        return lastBatchNs;
    }

    long uniqueSoFar() {
        return uniqueSoFar;
    }

    long threadId() throws Exception {
        return call(() -> Thread.currentThread().getId());
    }

    private <T> T call(java.util.concurrent.Callable<T> task) throws Exception {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("load receiver thread did not answer in 10 s");
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket dp = (DatagramPacket) msg;
        try {
            ReceiverStats s = stats;
            if (s == null) {
                unarmed++;
                return;
            }
            s.onPacket(dp.content(), System.nanoTime());
        } finally {
            dp.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ReceiverStats s = stats;
        if (s != null) {
            uniqueSoFar = s.unique();
        }
        lastBatchNs = System.nanoTime();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a receive error on a UDP socket is not fatal; losses show up in the statistics
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
