package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.config.Durations;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one QUIC connection: once TLS has authenticated the peer, makes its
 * {@link ControlConnection} (a client then opens the control stream and says hello); when the
 * connection closes, works out why and tells the connection or the endpoint. One per QUIC
 * connection; owned by its event loop.
 */
final class QuicConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(QuicConnectionHandler.class);

    private final ControlEndpoint endpoint;
    private final MeshTrustManager trust;
    private ControlConnection connection;
    private SocketAddress remote;
    private String peerCloseReason;
    private String handshakeFailure;
    private String failure;

    QuicConnectionHandler(ControlEndpoint endpoint, MeshTrustManager trust) {
        this.endpoint = endpoint;
        this.trust = trust;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        remote = ((QuicChannel) ctx.channel()).remoteSocketAddress();
        ctx.channel().closeFuture().addListener(f -> closed((QuicChannel) ctx.channel()));
    }

    /** Fires once the QUIC handshake is complete, so TLS has checked the peer's certificate. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        QuicChannel quic = (QuicChannel) ctx.channel();
        if (quic.remoteSocketAddress() != null) {
            remote = quic.remoteSocketAddress();
        }
        X509Certificate peer;
        String nodeId;
        try {
            Certificate[] chain = quic.sslEngine().getSession().getPeerCertificates();
            peer = (X509Certificate) chain[0];
            // Again, now: a resumed TLS session would not have run the trust manager.
            nodeId = trust.check(new X509Certificate[] {peer});
        } catch (SSLException | CertificateException | RuntimeException e) {
            handshakeFailure = "peer not authenticated: " + e.getMessage();
            quic.close(true, ControlConnection.CloseCode.PROTOCOL_ERROR.code,
                    ctx.alloc().buffer().writeBytes("certificate refused".getBytes(StandardCharsets.UTF_8)));
            return;
        }
        connection = new ControlConnection(endpoint, quic, nodeId, peer);
        quic.attr(ControlConnection.KEY).set(connection);
        if (endpoint.isServer) {
            connection.startHello();
        } else {
            ControlConnection c = connection;
            quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
                @Override
                protected void initChannel(QuicStreamChannel stream) {
                    stream.pipeline().addLast(new FrameDecoder(endpoint.config.maxMessageBytes()),
                            new ControlStreamHandler(c));
                }
            }).addListener(f -> {
                if (f.isSuccess() && c.adoptStream((QuicStreamChannel) f.getNow())) {
                    c.startHello();
                } else {
                    c.closeWith(ControlConnection.CloseCode.INTERNAL_ERROR, "cannot open the control stream: " + f.cause());
                }
            });
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof QuicConnectionCloseEvent) {
            peerCloseReason = describe((QuicConnectionCloseEvent) evt);
        } else if (evt instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) evt).isSuccess()) {
            handshakeFailure = "TLS handshake failed: " + ((SslHandshakeCompletionEvent) evt).cause().getMessage();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SSLHandshakeException) {
            // QUIC closes the connection itself and tells the peer why (a TLS alert in
            // CONNECTION_CLOSE, RFC 9001 §4.8); closing here first would drop that alert.
            handshakeFailure = "TLS handshake failed: " + cause.getMessage();
            // Safety net only: never leave a failed handshake to linger until the idle timeout.
            ctx.channel().eventLoop().schedule(() -> {
                ctx.close();
            }, 1, TimeUnit.SECONDS);
            return;
        }
        failure = String.valueOf(cause);
        LOG.debug("control channel: QUIC connection to {} failed", remote, cause);
        ctx.close();
    }

    private void closed(QuicChannel quic) {
        String reason;
        if (peerCloseReason != null) {
            reason = peerCloseReason;
        } else if (quic.isTimedOut()) {
            reason = "idle timeout: nothing heard from the peer for " + Durations.format(endpoint.config.idleTimeout());
        } else if (handshakeFailure != null) {
            reason = handshakeFailure;
        } else if (failure != null) {
            reason = "failed: " + failure;
        } else {
            reason = "connection closed";
        }
        if (connection != null) {
            connection.transportClosed(reason);
        } else {
            endpoint.counters.increment(ControlCounter.HANDSHAKES_FAILED);
            endpoint.failedBeforeAuthentication(quic, remote, reason);
        }
    }

    /** The peer's CONNECTION_CLOSE in words: a TLS alert (RFC 9001 §4.8), our application codes, or a transport error. */
    static String describe(QuicConnectionCloseEvent e) {
        String text = reasonText(e);
        if (e.isTlsError()) {
            return "the peer refused the TLS handshake (alert " + alertName(QuicConnectionCloseEvent.extractTlsError(e.error()))
                    + ")" + text;
        }
        if (e.isApplicationClose()) {
            return "closed by peer (" + ControlConnection.CloseCode.describe(e.error()) + ")" + text;
        }
        return "closed by peer (QUIC transport error 0x" + Integer.toHexString(e.error()) + ")" + text;
    }

    private static String reasonText(QuicConnectionCloseEvent e) {
        byte[] r;
        try {
            r = e.reason();
        } catch (NullPointerException noReason) {
            return ""; // Netty 4.2.18 clones the reason without a null check when the peer gave none
        }
        return r == null || r.length == 0 ? "" : ": " + new String(r, StandardCharsets.UTF_8);
    }

    /** TLS alert descriptions, RFC 8446 §6. */
    static String alertName(int alert) {
        switch (alert) {
            case 40: return "handshake_failure";
            case 42: return "bad_certificate";
            case 43: return "unsupported_certificate";
            case 44: return "certificate_revoked";
            case 45: return "certificate_expired";
            case 46: return "certificate_unknown";
            case 48: return "unknown_ca";
            case 49: return "access_denied";
            case 80: return "internal_error";
            case 116: return "certificate_required";
            case 120: return "no_application_protocol";
            default: return String.valueOf(alert);
        }
    }
}
