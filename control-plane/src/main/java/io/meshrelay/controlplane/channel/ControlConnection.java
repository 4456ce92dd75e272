package io.meshrelay.controlplane.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshrelay.controlplane.api.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated control connection to a peer node: a QUIC connection with mutual TLS and
 * its one bidirectional control stream. {@link #send} and {@link #close} may be called from
 * any thread; the connection's state is owned by its endpoint's event loop, and what it
 * receives is handed to the endpoint's callback thread.
 */
public final class ControlConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnection.class);
    private static final AtomicLong IDS = new AtomicLong();

    static final AttributeKey<ControlConnection> KEY = AttributeKey.valueOf(ControlConnection.class, "connection");

    /** QUIC application error codes of a CONNECTION_CLOSE (RFC 9000 §20.2) sent by this channel. */
    enum CloseCode {
        NORMAL(0), PROTOCOL_ERROR(1), SUPERSEDED(2), SHUTTING_DOWN(3), INTERNAL_ERROR(4);

        final int code;

        CloseCode(int code) {
            this.code = code;
        }

        static String describe(long code) {
            for (CloseCode c : values()) {
                if (c.code == code) {
                    return c.name().toLowerCase(Locale.ROOT).replace('_', ' ');
                }
            }
            return "application error " + code;
        }
    }

    private enum State { HELLO, OPEN, CLOSED }

    private final ControlEndpoint endpoint;
    private final QuicChannel quic;
    private final String peerNodeId;
    private final X509Certificate peerCertificate;
    private final long id = IDS.incrementAndGet();
    /** Bytes handed to the callback thread and not yet handled: reading pauses above the high mark. */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long highWaterBytes;
    private final long lowWaterBytes;
    private final ChannelFutureListener countWriteFailure;

    private volatile State state = State.HELLO;
    private volatile QuicStreamChannel stream;
    private volatile int peerMaxMessageBytes = ControlChannelConfig.MIN_MESSAGE_BYTES;
    private volatile boolean readingPaused;
    // Event loop only:
    private String localCloseReason;
    private ScheduledFuture<?> helloTimeout;
    private ScheduledFuture<?> keepAlive;

    ControlConnection(ControlEndpoint endpoint, QuicChannel quic, String peerNodeId, X509Certificate peerCertificate) {
        this.endpoint = endpoint;
        this.quic = quic;
        this.peerNodeId = peerNodeId;
        this.peerCertificate = peerCertificate;
        this.highWaterBytes = 4L * endpoint.config.maxMessageBytes();
        this.lowWaterBytes = highWaterBytes / 4;
        this.countWriteFailure = f -> {
            if (!f.isSuccess()) {
                endpoint.counters.increment(ControlCounter.SEND_FAILED);
            }
        };
    }

    /** The node id bound to the peer's certificate (its SAN URI {@code meshrelay:node:ID}). */
    public String peerNodeId() {
        return peerNodeId;
    }

    public X509Certificate peerCertificate() {
        return peerCertificate;
    }

    /** The peer's UDP address as last seen (QUIC connections survive address changes). */
    public InetSocketAddress remoteAddress() {
        SocketAddress a = quic.remoteSocketAddress();
        return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
    }

    /** True from the hello exchange until the connection closes. */
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * Queues one message to the peer. Returns false, and counts it, if the connection is not
     * open; true means queued, not delivered: if the connection drops meanwhile the message is
     * lost (counted as a send failure) and the peer re-syncs on its next connect.
     *
     * @throws IllegalArgumentException if {@code type} is malformed or reserved ("hello"),
     *     {@code body} is not an object, or the envelope exceeds the peer's announced limit
     */
    public boolean send(String type, JsonNode body) {
        Envelope.requireApplicationType(type);
        if (state != State.OPEN) {
            endpoint.counters.increment(ControlCounter.SEND_NOT_CONNECTED);
            return false;
        }
        byte[] json = Envelope.encode(type, body);
        int limit = peerMaxMessageBytes;
        if (json.length > limit) {
            throw new IllegalArgumentException("message '" + type + "' is " + json.length + " bytes; node "
                    + peerNodeId + " accepts at most " + limit);
        }
        if (!writeFrame(json)) {
            endpoint.counters.increment(ControlCounter.SEND_NOT_CONNECTED);
            return false;
        }
        endpoint.counters.increment(ControlCounter.MESSAGES_SENT);
        return true;
    }

    /**
     * Closes the connection gracefully (QUIC application close, code 0). On a client the
     * {@link ControlClient} then reconnects; to stop for good, close the client.
     */
    public void close() {
        closeWith(CloseCode.NORMAL, "closed by node " + endpoint.identity.nodeId());
    }

    @Override
    public String toString() {
        return "ControlConnection#" + id + "[" + peerNodeId + " " + quic.remoteSocketAddress() + " " + state + "]";
    }

    QuicChannel quic() {
        return quic;
    }

    // ---- event loop ------------------------------------------------------------------------

    /** Takes {@code s} as the control stream; false if the connection already has one. */
    boolean adoptStream(QuicStreamChannel s) {
        if (stream != null || state == State.CLOSED) {
            return false;
        }
        stream = s;
        return true;
    }

    /** Starts the hello timer; a client also sends its hello now (the server answers one). */
    void startHello() {
        helloTimeout = quic.eventLoop().schedule(() -> {
            if (state == State.HELLO) {
                endpoint.counters.increment(ControlCounter.HELLO_FAILED);
                closeWith(CloseCode.PROTOCOL_ERROR, "no hello within " + endpoint.config.connectTimeout().toMillis() + " ms");
            }
        }, endpoint.config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!endpoint.isServer) {
            writeFrame(hello());
        }
    }

    void onFrame(byte[] frame) {
        if (state == State.HELLO) {
            onHello(frame);
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        long queued = queuedBytes.addAndGet(frame.length);
        endpoint.callback(() -> handle(frame));
        if (queued > highWaterBytes && !readingPaused) {
            // Backpressure instead of an unbounded queue: QUIC stream flow control stops the sender.
            readingPaused = true;
            stream.config().setAutoRead(false);
            endpoint.counters.increment(ControlCounter.READS_PAUSED);
            // The callback thread may have drained the queue before it could see the flag.
            resumeReading();
        }
    }

    void onOversized(FrameDecoder.Oversized o) {
        endpoint.counters.increment(ControlCounter.OVERSIZED_RECEIVED);
        LOG.debug("control channel: dropped a {}-byte message from {} (limit {})", o.length(), peerNodeId, o.limit());
        writeFrame(Envelope.error("too-large", "message of " + o.length() + " bytes exceeds the limit of " + o.limit()
                + " bytes; dropped", null));
        if (state == State.HELLO) {
            failHello("an oversized first message");
        }
    }

    /** Closes the QUIC connection with {@code code}; the first reason given is the one reported. Any thread. */
    void closeWith(CloseCode code, String reason) {
        if (!quic.eventLoop().inEventLoop()) {
            quic.eventLoop().execute(() -> closeWith(code, reason));
            return;
        }
        if (state == State.CLOSED || localCloseReason != null || !quic.isOpen()) {
            return;
        }
        localCloseReason = reason;
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        quic.close(true, code.code, Unpooled.wrappedBuffer(text, 0, Math.min(text.length, 256)));
    }

    /** The QUIC connection closed; {@code transportReason} is used unless this side closed it. */
    void transportClosed(String transportReason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        cancel(helloTimeout);
        cancel(keepAlive);
        String reason = localCloseReason != null ? localCloseReason : transportReason;
        if (wasOpen) {
            endpoint.counters.increment(ControlCounter.CONNECTIONS_CLOSED);
        }
        endpoint.closed(this, wasOpen, reason);
        if (wasOpen) {
            endpoint.callback(() -> {
                try {
                    endpoint.listener.onDisconnect(this, reason);
                } catch (RuntimeException e) {
                    listenerFailed("onDisconnect", e);
                }
            });
        }
    }

    private void onHello(byte[] frame) {
        Envelope.Decoded d = Envelope.decode(frame);
        if (d.outcome() == Envelope.Outcome.UNSUPPORTED_VERSION) {
            writeFrame(Envelope.error("unsupported-version", d.problem(), d.type()));
            failHello(d.problem());
            return;
        }
        if (d.outcome() != Envelope.Outcome.OK || !Envelope.HELLO.equals(d.type())) {
            String problem = d.outcome() != Envelope.Outcome.OK ? d.problem()
                    : "the first message on a control stream must be 'hello', got '" + d.type() + "'";
            writeFrame(Envelope.error("hello-required", problem, d.type()));
            failHello(problem);
            return;
        }
        JsonNode max = d.body().get("maxMessageBytes");
        if (max == null || !max.isIntegralNumber() || max.asLong() < ControlChannelConfig.MIN_MESSAGE_BYTES) {
            String problem = "hello needs an integer maxMessageBytes of at least " + ControlChannelConfig.MIN_MESSAGE_BYTES;
            writeFrame(Envelope.error("malformed", problem, Envelope.HELLO));
            failHello(problem);
            return;
        }
        peerMaxMessageBytes = (int) Math.min(max.asLong(), ControlChannelConfig.MAX_MESSAGE_BYTES);
        if (endpoint.isServer) {
            writeFrame(hello());
        }
        state = State.OPEN;
        cancel(helloTimeout);
        endpoint.counters.increment(ControlCounter.CONNECTIONS_OPENED);
        endpoint.opened(this);
        if (!endpoint.isServer) {
            // The client keeps the connection alive; the server's ACKs refresh the client's idle timer.
            long ms = endpoint.config.keepAliveInterval().toMillis();
            keepAlive = quic.eventLoop().scheduleAtFixedRate(this::sendKeepAlive, ms, ms, TimeUnit.MILLISECONDS);
        }
        endpoint.callback(() -> {
            try {
                endpoint.listener.onConnect(this);
            } catch (RuntimeException e) {
                listenerFailed("onConnect", e);
            }
        });
    }

    private void failHello(String problem) {
        endpoint.counters.increment(ControlCounter.HELLO_FAILED);
        closeWith(CloseCode.PROTOCOL_ERROR, "hello failed: " + problem);
    }

    private void sendKeepAlive() {
        QuicStreamChannel s = stream;
        if (s != null && s.isActive()) {
            s.writeAndFlush(s.alloc().buffer(FrameDecoder.HEADER_BYTES).writeInt(0), s.voidPromise());
        }
    }

    private void resumeReading() {
        if (readingPaused && queuedBytes.get() <= lowWaterBytes) {
            readingPaused = false;
            QuicStreamChannel s = stream;
            if (s != null) {
                s.config().setAutoRead(true);
            }
        }
    }

    // ---- callback thread -------------------------------------------------------------------

    private void handle(byte[] frame) {
        try {
            Envelope.Decoded d = Envelope.decode(frame);
            switch (d.outcome()) {
                case MALFORMED:
                    endpoint.counters.increment(ControlCounter.MALFORMED_RECEIVED);
                    LOG.debug("control channel: malformed message from {}: {}", peerNodeId, d.problem());
                    writeFrame(Envelope.error("malformed", d.problem() + "; dropped", d.type()));
                    break;
                case UNSUPPORTED_VERSION:
                    endpoint.counters.increment(ControlCounter.UNSUPPORTED_VERSION_RECEIVED);
                    LOG.debug("control channel: message from {}: {}", peerNodeId, d.problem());
                    writeFrame(Envelope.error("unsupported-version", d.problem() + "; dropped", d.type()));
                    break;
                default:
                    if (Envelope.HELLO.equals(d.type())) {
                        endpoint.counters.increment(ControlCounter.MALFORMED_RECEIVED);
                        writeFrame(Envelope.error("unexpected-hello", "hello is valid only as the first message; dropped",
                                Envelope.HELLO));
                        break;
                    }
                    if (Envelope.ERROR.equals(d.type())) {
                        endpoint.counters.increment(ControlCounter.ERRORS_RECEIVED);
                        LOG.debug("control channel: error from {}: {}", peerNodeId, d.body());
                    }
                    endpoint.counters.increment(ControlCounter.MESSAGES_RECEIVED);
                    try {
                        endpoint.listener.onMessage(this, d.type(), d.body());
                    } catch (RuntimeException e) {
                        listenerFailed("onMessage(" + d.type() + ")", e);
                    }
                    break;
            }
        } finally {
            if (queuedBytes.addAndGet(-frame.length) <= lowWaterBytes && readingPaused) {
                quic.eventLoop().execute(this::resumeReading);
            }
        }
    }

    private void listenerFailed(String what, RuntimeException e) {
        endpoint.counters.increment(ControlCounter.LISTENER_FAILURES);
        LOG.warn("control channel listener {} for node {} threw", what, peerNodeId, e);
    }

    // ---- any thread ------------------------------------------------------------------------

    /** Writes one frame on the control stream; false if there is none or it is closed. */
    private boolean writeFrame(byte[] payload) {
        QuicStreamChannel s = stream;
        if (s == null || !s.isActive()) {
            return false;
        }
        ByteBuf buf = s.alloc().buffer(FrameDecoder.HEADER_BYTES + payload.length);
        buf.writeInt(payload.length).writeBytes(payload);
        s.writeAndFlush(buf).addListener(countWriteFailure);
        return true;
    }

    private byte[] hello() {
        return Envelope.encode(Envelope.HELLO, Json.object().put("maxMessageBytes", endpoint.config.maxMessageBytes()));
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
