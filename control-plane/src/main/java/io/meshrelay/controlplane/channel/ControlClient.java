package io.meshrelay.controlplane.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.config.ConfigException;
import io.meshrelay.controlplane.config.Durations;
import io.meshrelay.controlplane.pki.MeshCertificates;
import io.meshrelay.controlplane.pki.NodeIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's end of the control channel: keeps one QUIC connection with mutual TLS to the
 * controller for as long as it runs, reconnecting after any loss with exponential backoff and
 * jitter ({@link ControlChannelConfig#reconnectMin()} to {@link ControlChannelConfig#reconnectMax()}).
 * The listener hears onConnect on every (re)connection, which is when the node re-syncs its
 * state; while disconnected {@link #send} returns false at once and the node keeps forwarding on
 * its last state. QUIC, TLS and framing run on {@code meshrelay-control-client-io}, certificate
 * checks and signatures on {@code meshrelay-control-client-tls}, callbacks on
 * {@code meshrelay-control-client} (or the serial executor given). Public methods: any thread.
 */
public final class ControlClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlClient.class);
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.valueOf(ControlClient.class, "attempt");

    private final InetSocketAddress server;
    private final String nodeId;
    private final ControlChannelConfig config;
    private final ControlCounters counters = new ControlCounters();
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ExecutorService tlsTasks;
    private final ExecutorService ownCallbacks;
    private final Backoff backoff;
    private Channel udp;
    private Endpoint endpoint;
    private MeshTrustManager trust;

    private volatile ControlConnection current;
    private volatile boolean closed;
    private volatile String lastFailure;
    // Event loop only:
    private long attempts;
    private long activeAttempt;
    private int failuresInARow;
    private QuicChannel lastQuic;
    private ScheduledFuture<?> reconnect;

    private ControlClient(InetSocketAddress server, NodeIdentity identity, ControlChannelConfig config, Executor callbacks) {
        this.server = server;
        this.nodeId = identity.nodeId();
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("meshrelay-control-client-io", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
        this.tlsTasks = Executors.newSingleThreadExecutor(new DefaultThreadFactory("meshrelay-control-client-tls", true));
        this.ownCallbacks = callbacks == null
                ? Executors.newSingleThreadExecutor(new DefaultThreadFactory("meshrelay-control-client", true)) : null;
        this.backoff = new Backoff(config.reconnectMin().toNanos(), config.reconnectMax().toNanos(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    /** Starts connecting to {@code server} (any node of the mesh may serve); callbacks on the client's own thread. */
    public static ControlClient start(InetSocketAddress server, NodeIdentity identity, ControlChannelConfig config,
            ControlListener listener) throws InterruptedException {
        return start(server, null, identity, config, listener, null);
    }

    /**
     * Starts connecting to {@code server} and returns at once; the first attempt runs in the
     * background and onConnect reports success.
     *
     * @param server               the controller's UDP address; a host name is resolved once, now
     * @param expectedServerNodeId if not null, the only node id accepted from the server's
     *                             certificate (any node of the mesh otherwise)
     * @param callbacks            if not null, a serial executor for the listener (tasks one at
     *                             a time, in order)
     */
    public static ControlClient start(InetSocketAddress server, String expectedServerNodeId, NodeIdentity identity,
            ControlChannelConfig config, ControlListener listener, Executor callbacks) throws InterruptedException {
        InetSocketAddress resolved = server.isUnresolved() ? new InetSocketAddress(server.getHostString(), server.getPort())
                : server;
        if (resolved.isUnresolved()) {
            throw new ConfigException("controller: cannot resolve host '" + server.getHostString() + "'");
        }
        ControlClient c = new ControlClient(resolved, identity, config, callbacks);
        try {
            c.init(identity, expectedServerNodeId, listener, callbacks != null ? callbacks : c.ownCallbacks);
        } catch (InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void init(NodeIdentity identity, String expectedServerNodeId, ControlListener listener, Executor callbacks)
            throws InterruptedException {
        endpoint = new Endpoint(identity, listener, callbacks);
        trust = new MeshTrustManager(identity.caCertificate(), MeshCertificates.Usage.SERVER, expectedServerNodeId,
                counters);
        udp = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(ControlServer.DATAGRAM_BYTES))
                .handler(QuicSetup.configure(new QuicClientCodecBuilder(), config, QuicSetup.clientTls(identity, trust),
                                tlsTasks, false)
                        .maxRecvUdpPayloadSize(ControlServer.DATAGRAM_BYTES)
                        .maxSendUdpPayloadSize(ControlServer.MAX_SEND_UDP_PAYLOAD)
                        .build())
                .bind(new InetSocketAddress(0)).sync().channel();
        loop.execute(this::connectNow);
    }

    /**
     * Sends one message on the open connection; false (counted) while disconnected, so the
     * caller keeps its last state and re-syncs in onConnect. See {@link ControlConnection#send}.
     */
    public boolean send(String type, JsonNode body) {
        ControlConnection c = current;
        if (c == null) {
            Envelope.requireApplicationType(type);
            counters.increment(ControlCounter.SEND_NOT_CONNECTED);
            return false;
        }
        return c.send(type, body);
    }

    public boolean isConnected() {
        ControlConnection c = current;
        return c != null && c.isOpen();
    }

    /** The open connection, or null while disconnected. */
    public ControlConnection connection() {
        return current;
    }

    /** Why the last attempt failed or the last connection ended; null before any. For health output. */
    public String lastFailure() {
        return lastFailure;
    }

    public InetSocketAddress serverAddress() {
        return server;
    }

    public ControlCounters counters() {
        return counters;
    }

    /** Stops reconnecting, closes the connection (application close, "shutting down") and the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (udp != null) {
            Future<QuicChannel> last = loop.submit(() -> {
                if (reconnect != null) {
                    reconnect.cancel(false);
                }
                ControlConnection c = current;
                if (c != null) {
                    c.closeWith(ControlConnection.CloseCode.SHUTTING_DOWN, "node " + nodeId + " shutting down");
                } else if (lastQuic != null) {
                    lastQuic.close();
                }
                return lastQuic;
            });
            // Wait for the CONNECTION_CLOSE to leave, so the controller hears "shutting down" at once.
            if (last.awaitUninterruptibly(2, TimeUnit.SECONDS) && last.getNow() != null) {
                last.getNow().closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
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
    }

    // ---- event loop ------------------------------------------------------------------------

    private void connectNow() {
        reconnect = null;
        if (closed) {
            return;
        }
        long attempt = ++attempts;
        activeAttempt = attempt;
        counters.increment(ControlCounter.CONNECT_ATTEMPTS);
        QuicChannel.newBootstrap(udp)
                .attr(ATTEMPT, attempt)
                .handler(new QuicConnectionHandler(endpoint, trust))
                .streamHandler(new PeerStreamInitializer(endpoint))
                .remoteAddress(server)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .connect()
                .addListener(f -> {
                    if (f.isSuccess()) {
                        lastQuic = (QuicChannel) f.getNow();
                    } else {
                        Throwable cause = f.cause();
                        attemptEnded(attempt, cause instanceof SSLHandshakeException
                                ? "TLS handshake failed: " + cause.getMessage() : String.valueOf(cause), false);
                    }
                });
    }

    /** One attempt is over, whichever of its signals came first; later ones (and stale ones) are ignored. */
    private void attemptEnded(long attempt, String reason, boolean wasOpen) {
        if (attempt != activeAttempt) {
            return;
        }
        activeAttempt = 0;
        lastFailure = reason;
        if (closed) {
            return;
        }
        if (wasOpen) {
            LOG.warn("control channel to {} lost: {}; reconnecting (the node keeps forwarding on its last state)",
                    server, reason);
        } else {
            counters.increment(ControlCounter.CONNECT_FAILURES);
            failuresInARow++;
            if (failuresInARow == 1) {
                LOG.warn("control channel to {} cannot connect: {}; retrying every {}..{}", server, reason,
                        Durations.format(config.reconnectMin()), Durations.format(config.reconnectMax()));
            } else {
                LOG.debug("control channel to {}: attempt {} failed: {}", server, failuresInARow, reason);
            }
        }
        reconnect = loop.schedule(this::connectNow, backoff.nextDelayNs(), TimeUnit.NANOSECONDS);
    }

    private static long attemptOf(QuicChannel quic) {
        Long a = quic.attr(ATTEMPT).get();
        return a == null ? -1 : a;
    }

    /** The client's side of {@link ControlEndpoint}: tracks the current connection and reconnects. */
    private final class Endpoint extends ControlEndpoint {
        Endpoint(NodeIdentity identity, ControlListener listener, Executor callbacks) {
            super(identity, ControlClient.this.config, listener, callbacks, ControlClient.this.counters, false);
        }

        @Override
        void opened(ControlConnection c) {
            current = c;
            backoff.reset();
            LOG.info("control channel to {} (node {}) open{}", ControlClient.this.server, c.peerNodeId(),
                    failuresInARow > 0 ? " after " + failuresInARow + " failed attempts" : "");
            failuresInARow = 0;
        }

        @Override
        void closed(ControlConnection c, boolean wasOpen, String reason) {
            if (current == c) {
                current = null;
            }
            attemptEnded(attemptOf(c.quic()), reason, wasOpen);
        }

        @Override
        void failedBeforeAuthentication(QuicChannel quic, SocketAddress remote, String reason) {
            attemptEnded(attemptOf(quic), reason, false);
        }
    }
}
