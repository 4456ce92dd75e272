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
    /** Datagrams per recvmmsg call on the trunk, which carries every flow between two nodes. */
    public static final int BATCH = 32;
    /**
     * Datagrams per recvmmsg call on a leg socket. One participant sends tens to hundreds of
     * packets a second, so a wake-up finds one or two: setting up 32 slots (and a 64 KiB buffer)
     * for them cost ~0.7 us per packet of user time at 100 legs (measured, docs/data-plane.md).
     * On epoll a leg socket drops to one slot while its wake-ups find one packet ({@link LegReadAllocator}).
     */
    public static final int LEG_BATCH = 4;
    /** Datagrams read from one socket per wake-up before the loop serves the next: fairness between legs. */
    public static final int MAX_MESSAGES_PER_READ = 64;
    /**
     * Pooled objects a thread keeps for itself ({@code io.netty.recycler.chunkSize}). Netty's
     * default, 32, is less than a full read batch holds: the rest of the buffers freed after a batch
     * went through a queue that allocates a new array every 32 (6-7 B a packet at one flow in 1 ms
     * bursts, bench/results/20261203-relaybench/recycler/). Room for four batches covers a call's
     * reads, its GSO copies and its trunk writes.
     */
    public static final int RECYCLER_CHUNK = 4 * MAX_MESSAGES_PER_READ;

    /**
     * Sizes Netty's per-thread object pools to {@link #RECYCLER_CHUNK}, unless the operator set
     * {@code io.netty.recycler.chunkSize}. Netty reads it once: call before any pooled buffer exists.
     */
    public static void tuneRecycler() {
        if (System.getProperty("io.netty.recycler.chunkSize") == null) {
            System.setProperty("io.netty.recycler.chunkSize", Integer.toString(RECYCLER_CHUNK));
        }
    }

    private final TransportKind kind;
    private final IoHandlerFactory ioFactory;
    private Transport(TransportKind kind, IoHandlerFactory ioFactory) {
        this.kind = kind;
        this.ioFactory = ioFactory;
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
                // a completion per datagram on every leg socket: the default 4,096-entry completion queue
                // overflowed at ~200k packets/s
                return new Transport(TransportKind.IO_URING, IoUringIoHandler.newFactory(
                        new io.netty.channel.uring.IoUringIoHandlerConfig().setRingSize(4096).setCqSize(65536)
                                .setSingleIssuer(true)));
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
        return new Transport(TransportKind.EPOLL, EpollRounds.counting(EpollIoHandler.newFactory()));
    }

    private static Transport nio() {
        return new Transport(TransportKind.NIO, NioIoHandler.newFactory());
    }

    public TransportKind kind() {
        return kind;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioFactory);
    }

    /**
     * Channel class and socket options of a data-plane socket bound to {@code bind}:
     * {@code batch} datagrams per read, {@code reusePort} for the per-loop trunk sockets. An IPv4
     * address gets an IPv4 socket (Netty's default is a dual-stack IPv6 one, which carries every
     * address v4-mapped and hides the socket from IPv4 tools); an IPv6 address a dual-stack one.
     */
    public Bootstrap configure(Bootstrap b, java.net.InetAddress bind, int rcvBuf, int sndBuf, int dscp, int batch,
            boolean reusePort) {
        boolean v4 = bind instanceof java.net.Inet4Address;
        io.netty.channel.socket.SocketProtocolFamily family = v4 ? io.netty.channel.socket.SocketProtocolFamily.INET
                : io.netty.channel.socket.SocketProtocolFamily.INET6;
        switch (kind) {
            case EPOLL:
                b.channelFactory(() -> new EpollDatagramChannel(family));
                break;
            case IO_URING:
                b.channelFactory(() -> new IoUringDatagramChannel(family));
                break;
            default:
                b.channelFactory(() -> new NioDatagramChannel(family));
        }
        b
                .option(ChannelOption.IP_TOS, dscp << 2)
                // the allocator carries the per-read message budget: MAX_MESSAGES_PER_READ set before
                // RCVBUF_ALLOCATOR went to the allocator it replaces, leaving one read per wake-up
                .option(ChannelOption.RCVBUF_ALLOCATOR, kind == TransportKind.EPOLL && batch == LEG_BATCH
                        ? new LegReadAllocator(DATAGRAM_SLOT, LEG_BATCH, MAX_MESSAGES_PER_READ)
                        : new FixedRecvByteBufAllocator(kind == TransportKind.EPOLL ? DATAGRAM_SLOT * batch
                                : DATAGRAM_SLOT).maxMessagesPerRead(MAX_MESSAGES_PER_READ));
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

    /**
     * Lets a bound leg socket share its port with the leg's pinned (connected) socket; false where
     * this transport does not pin. Set after the bind: the bind itself stays exclusive.
     */
    public boolean sharePort(io.netty.channel.Channel ch) {
        if (kind != TransportKind.EPOLL) {
            return false;
        }
        try {
            ch.config().setOption(EpollChannelOption.SO_REUSEPORT, true);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("SO_REUSEPORT on {}: {}", ch, e.toString());
            return false;
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
