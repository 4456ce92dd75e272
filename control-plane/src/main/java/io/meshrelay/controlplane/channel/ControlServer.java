package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.pki.MeshCertificates;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's end of the control channel: a QUIC listener on one UDP address that
 * accepts only nodes presenting a certificate of this mesh's CA (mutual TLS), takes each
 * peer's node id from its certificate, and hands every connection that completes the hello
 * to the listener as a {@link ControlConnection}. A node that connects again supersedes its
 * older connection. QUIC, TLS and framing run on one event loop thread
 * ({@code meshrelay-control-server-io}), certificate checks and signatures on
 * {@code meshrelay-control-server-tls}, listener callbacks on {@code meshrelay-control-server}
 * (or the serial executor given). Public methods may be called from any thread.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final int DATAGRAM_BYTES = 2048;
    static final int MAX_SEND_UDP_PAYLOAD = 1350;

    private final String nodeId;
    private final ControlCounters counters = new ControlCounters();
    private final ConcurrentMap<String, ControlConnection> byNode = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ChannelGroup quicChannels;
    private final ExecutorService tlsTasks;
    private final ExecutorService ownCallbacks;
    private Channel udp;

    private ControlServer(NodeIdentity identity, Executor callbacks) {
        this.nodeId = identity.nodeId();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("meshrelay-control-server-io", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.quicChannels = new DefaultChannelGroup("control-connections", loop);
        this.tlsTasks = Executors.newSingleThreadExecutor(new DefaultThreadFactory("meshrelay-control-server-tls", true));
        this.ownCallbacks = callbacks == null
                ? Executors.newSingleThreadExecutor(new DefaultThreadFactory("meshrelay-control-server", true)) : null;
    }

    /** Listens on {@code bind}; callbacks run on the server's own callback thread. */
    public static ControlServer start(InetSocketAddress bind, NodeIdentity identity, ControlChannelConfig config,
            ControlListener listener) throws BindException, InterruptedException {
        return start(bind, identity, config, listener, null);
    }

    /**
     * Listens on {@code bind}. {@code callbacks}, if not null, must run tasks one at a time in
     * submission order (a single-thread executor, or the application's control thread).
     *
     * @throws BindException if the UDP address cannot be bound, naming it
     */
    public static ControlServer start(InetSocketAddress bind, NodeIdentity identity, ControlChannelConfig config,
            ControlListener listener, Executor callbacks) throws BindException, InterruptedException {
        ControlServer s = new ControlServer(identity, callbacks);
        try {
            s.bind(bind, identity, config, listener, callbacks != null ? callbacks : s.ownCallbacks);
        } catch (BindException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void bind(InetSocketAddress bind, NodeIdentity identity, ControlChannelConfig config, ControlListener listener,
            Executor callbacks) throws BindException, InterruptedException {
        Endpoint endpoint = new Endpoint(identity, config, listener, callbacks);
        MeshTrustManager trust = new MeshTrustManager(identity.caCertificate(), MeshCertificates.Usage.CLIENT, null,
                counters);
        ChannelHandler codec = QuicSetup.configure(new QuicServerCodecBuilder(), config,
                        QuicSetup.serverTls(identity, trust), tlsTasks, true)
                .maxRecvUdpPayloadSize(DATAGRAM_BYTES)
                .maxSendUdpPayloadSize(MAX_SEND_UDP_PAYLOAD)
                .tokenHandler(new RetryTokenHandler(System::currentTimeMillis))
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel quic) {
                        quicChannels.add(quic);
                        quic.pipeline().addLast(new QuicConnectionHandler(endpoint, trust));
                    }
                })
                .streamHandler(new PeerStreamInitializer(endpoint))
                .build();
        try {
            udp = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BYTES))
                    .handler(codec)
                    .bind(bind).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            BindException b = new BindException("cannot listen for the control channel on UDP " + bind + ": "
                    + e.getMessage());
            b.initCause(e);
            throw b;
        }
        LOG.info("control channel listening on UDP {} as node {} (QUIC, mutual TLS, ALPN {})", localAddress(), nodeId,
                QuicSetup.ALPN);
    }

    /** The bound UDP address (with the real port when started on port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) udp.localAddress();
    }

    public String nodeId() {
        return nodeId;
    }

    /** The open connections, one per peer node, at this moment. */
    public List<ControlConnection> connections() {
        return new ArrayList<>(byNode.values());
    }

    /** The open connection of {@code peerNodeId}, or null. */
    public ControlConnection connection(String peerNodeId) {
        return byNode.get(peerNodeId);
    }

    public ControlCounters counters() {
        return counters;
    }

    /**
     * Closes every connection with a QUIC application close ("shutting down", so nodes
     * reconnect at once rather than after the idle timeout), then the socket and threads.
     * Callbacks already queued (including onDisconnect) still run on the server's own thread.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (udp != null) {
            String reason = "controller " + nodeId + " shutting down";
            loop.submit(() -> {
                for (Channel c : quicChannels) {
                    ControlConnection conn = c.attr(ControlConnection.KEY).get();
                    if (conn != null) {
                        conn.closeWith(ControlConnection.CloseCode.SHUTTING_DOWN, reason);
                    } else {
                        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
                        ((QuicChannel) c).close(true, ControlConnection.CloseCode.SHUTTING_DOWN.code,
                                c.alloc().buffer(text.length).writeBytes(text));
                    }
                }
            }).awaitUninterruptibly(2, TimeUnit.SECONDS);
            quicChannels.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
            udp.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        tlsTasks.shutdownNow();
        if (ownCallbacks != null) {
            ownCallbacks.shutdown();
            try {
                ownCallbacks.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("control channel server of node {} closed", nodeId);
    }

    /** The server's side of {@link ControlEndpoint}: keeps the by-node table. */
    private final class Endpoint extends ControlEndpoint {
        Endpoint(NodeIdentity identity, ControlChannelConfig config, ControlListener listener, Executor callbacks) {
            super(identity, config, listener, callbacks, ControlServer.this.counters, true);
        }

        @Override
        void opened(ControlConnection c) {
            ControlConnection older = byNode.put(c.peerNodeId(), c);
            if (older != null && older != c) {
                counters.increment(ControlCounter.CONNECTIONS_SUPERSEDED);
                LOG.warn("node {} connected again from {}; closing its older connection", c.peerNodeId(),
                        c.remoteAddress());
                older.closeWith(ControlConnection.CloseCode.SUPERSEDED,
                        "superseded by a newer connection of node " + c.peerNodeId());
            }
            LOG.info("control connection from node {} ({}) open", c.peerNodeId(), c.remoteAddress());
        }

        @Override
        void closed(ControlConnection c, boolean wasOpen, String reason) {
            byNode.remove(c.peerNodeId(), c);
            if (wasOpen) {
                LOG.info("control connection from node {} closed: {}", c.peerNodeId(), reason);
            } else {
                LOG.warn("control connection from node {} ({}) failed before opening: {}", c.peerNodeId(),
                        c.remoteAddress(), reason);
            }
        }

        @Override
        void failedBeforeAuthentication(QuicChannel quic, SocketAddress remote, String reason) {
            LOG.warn("refused control connection from {}: {}", remote, reason);
        }
    }
}
