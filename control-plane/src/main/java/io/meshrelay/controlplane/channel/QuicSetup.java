package io.meshrelay.controlplane.channel;

import io.meshrelay.controlplane.pki.NodeIdentity;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The QUIC and TLS settings both ends share: ALPN, mutual TLS with the mesh trust manager,
 * idle timeout, flow-control windows and stream limits. Stateless.
 */
final class QuicSetup {
    /** ALPN protocol id (RFC 7301; QUIC requires ALPN, RFC 9001 §8.1): the control channel, wire format 1. */
    static final String ALPN = "meshrelay-ctl/1";

    private QuicSetup() {
    }

    static QuicSslContext serverTls(NodeIdentity id, MeshTrustManager trust) {
        return QuicSslContextBuilder.forServer(id.privateKey(), null, id.certificate())
                .trustManager(trust)
                .clientAuth(ClientAuth.REQUIRE)
                .applicationProtocols(ALPN)
                .earlyData(false) // 0-RTT data is replayable (RFC 9001 §9.2): control messages must not be
                .build();
    }

    static QuicSslContext clientTls(NodeIdentity id, MeshTrustManager trust) {
        return QuicSslContextBuilder.forClient()
                .keyManager(id.privateKey(), null, id.certificate())
                .trustManager(trust)
                .applicationProtocols(ALPN)
                .earlyData(false)
                .build();
    }

    /**
     * Common transport parameters (RFC 9000 §18.2). Windows hold two maximal messages, so one
     * large message never stalls on credit; the control stream is the only stream: a server
     * lets the client open one bidirectional stream, a client lets the server open none.
     */
    static <B extends QuicCodecBuilder<B>> B configure(B b, ControlChannelConfig cfg, QuicSslContext tls,
            Executor tlsTasks, boolean server) {
        long window = 2L * (cfg.maxMessageBytes() + FrameDecoder.HEADER_BYTES) + 65_536;
        return b.sslContext(tls)
                .sslTaskExecutor(tlsTasks)
                .maxIdleTimeout(cfg.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(window)
                .initialMaxStreamDataBidirectionalLocal(window)
                .initialMaxStreamDataBidirectionalRemote(window)
                .initialMaxStreamDataUnidirectional(0)
                .initialMaxStreamsBidirectional(server ? 1 : 0)
                .initialMaxStreamsUnidirectional(0);
    }
}
