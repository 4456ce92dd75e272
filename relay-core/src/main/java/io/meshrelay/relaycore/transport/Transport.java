package io.meshrelay.relaycore.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.StandardSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chosen Netty transport for UDP: event loop factory, channel class and socket options.
 * epoll reads in batches with recvmmsg (a fixed slot per datagram) and writes with sendmmsg
 * when several datagrams are flushed together.
 */
public final class Transport {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    /** Slot per datagram in a recvmmsg batch; a datagram that fills a slot may be truncated (see FIELD-NOTES, GRO). */
    public static final int DATAGRAM_SLOT = 2048;
    /** Datagrams per recvmmsg call. */
    public static final int BATCH = 32;
    /** Datagrams read from one socket per wake-up before the loop serves the next: fairness between legs. */
    public static final int MAX_MESSAGES_PER_READ = 64;

    private final TransportKind kind;
    private final IoHandlerFactory ioFactory;
    private final Class<? extends DatagramChannel> channelClass;

    private Transport(TransportKind kind, IoHandlerFactory ioFactory, Class<? extends DatagramChannel> channelClass) {
        this.kind = kind;
        this.ioFactory = ioFactory;
        this.channelClass = channelClass;
    }

    /** Resolves {@code wanted}; an explicit native transport that cannot load is an error, AUTO falls back. */
    public static Transport select(TransportKind wanted) {
        switch (wanted) {
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("transport epoll is not available here: " + Epoll.unavailabilityCause());
                }
                return epoll();
            case IO_URING:
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("transport io_uring is not available here: "
                            + IoUring.unavailabilityCause());
                }
                return new Transport(TransportKind.IO_URING, IoUringIoHandler.newFactory(), IoUringDatagramChannel.class);
            case NIO:
                return nio();
            default:
                if (Epoll.isAvailable()) {
                    return epoll();
                }
                LOG.warn("native epoll unavailable ({}); falling back to NIO", Epoll.unavailabilityCause().toString());
                return nio();
        }
    }

    private static Transport epoll() {
        return new Transport(TransportKind.EPOLL, EpollIoHandler.newFactory(), EpollDatagramChannel.class);
    }

    private static Transport nio() {
        return new Transport(TransportKind.NIO, NioIoHandler.newFactory(), NioDatagramChannel.class);
    }

    public TransportKind kind() {
        return kind;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioFactory);
    }

    /** Socket options every data-plane socket gets; {@code reusePort} for the per-loop trunk sockets. */
    public Bootstrap configure(Bootstrap b, int rcvBuf, int sndBuf, int dscp, boolean reusePort) {
        b.channel(channelClass)
                .option(ChannelOption.IP_TOS, dscp << 2)
                .option(ChannelOption.MAX_MESSAGES_PER_READ, MAX_MESSAGES_PER_READ)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(
                        kind == TransportKind.EPOLL ? DATAGRAM_SLOT * BATCH : DATAGRAM_SLOT));
        if (rcvBuf > 0) {
            b.option(ChannelOption.SO_RCVBUF, rcvBuf);
        }
        if (sndBuf > 0) {
            b.option(ChannelOption.SO_SNDBUF, sndBuf);
        }
        if (kind == TransportKind.EPOLL) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_SLOT);
            if (reusePort) {
                b.option(EpollChannelOption.SO_REUSEPORT, true);
            }
        } else if (kind == TransportKind.IO_URING) {
            if (reusePort) {
                b.option(io.netty.channel.uring.IoUringChannelOption.SO_REUSEPORT, true);
            }
        } else if (reusePort) {
            b.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
        return b;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
