package io.meshrelay.relaycore.crypto;

import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegHandler;
import io.meshrelay.srtp.DtlsCertificate;
import io.meshrelay.srtp.DtlsSrtpEndpoint;
import io.meshrelay.srtp.DtlsSrtpKeys;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS-SRTP keying of one leg (RFC 5763/5764): feeds the leg's DTLS records to a handshake on
 * the DTLS executor, sends its records back through the leg's socket, and installs the SRTP
 * keys in the leg when the handshake completes (media that arrives just before they are in is
 * held and delivered then; see {@link LegHandler#releaseEarlyMedia}).
 */
public final class DtlsLegKeying implements Leg.DtlsHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsLegKeying.class);
    /** Our order of preference: the suite this JVM protects fastest first (docs/srtp.md). */
    public static final List<SrtpSuite> OFFERED = offered();

    private static List<SrtpSuite> offered() {
        SrtpSuite fastest = io.meshrelay.srtp.SrtpCryptoProvider.fastestSuite();
        java.util.List<SrtpSuite> order = new java.util.ArrayList<>(List.of(fastest));
        for (SrtpSuite s : List.of(SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                SrtpSuite.AEAD_AES_256_GCM, SrtpSuite.AES_CM_128_HMAC_SHA1_32)) {
            if (s != fastest) {
                order.add(s);
            }
        }
        return List.copyOf(order);
    }

    private final Leg leg;
    private final AtomicLong failures;
    private volatile InetSocketAddress peer;
    private DtlsSrtpEndpoint endpoint;

    private DtlsLegKeying(Leg leg, AtomicLong failures) {
        this.leg = leg;
        this.failures = failures;
    }

    /**
     * Starts keying {@code leg}: as DTLS client ({@code active}) the handshake begins towards the
     * leg's signalled address; as server it waits for the participant's ClientHello.
     */
    public static DtlsLegKeying start(Leg leg, boolean client, DtlsCertificate certificate, String peerFingerprint,
            Executor executor, AtomicLong failures) {
        DtlsLegKeying k = new DtlsLegKeying(leg, failures);
        k.peer = leg.remote();
        leg.setDtls(k);
        k.endpoint = client
                ? DtlsSrtpEndpoint.client(certificate, peerFingerprint, OFFERED, k::send, executor)
                : DtlsSrtpEndpoint.server(certificate, peerFingerprint, OFFERED, k::send, executor);
        k.endpoint.handshake().whenComplete(k::done);
        return k;
    }

    /** I/O thread: a DTLS record from the participant. */
    @Override
    public void onDatagram(Leg l, ByteBuf record, InetSocketAddress sender) {
        if (l.latching() == Latching.STRICT && !sender.equals(l.remote())) {
            return;
        }
        if (peer == null || !l.isLatched()) {
            peer = sender;
        }
        byte[] copy = new byte[record.readableBytes()];
        record.getBytes(record.readerIndex(), copy);
        endpoint.receive(copy, 0, copy.length);
    }

    /** DTLS thread: a record for the participant. */
    private void send(byte[] datagram) {
        InetSocketAddress to = leg.isLatched() && leg.remote() != null ? leg.remote() : peer;
        Channel ch = leg.channel();
        if (to == null || ch == null || leg.isClosed()) {
            return;
        }
        ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to), ch.voidPromise());
    }

    private void done(DtlsSrtpKeys keys, Throwable error) {
        Channel ch = leg.channel();
        if (error != null) {
            failures.incrementAndGet();
            if (!leg.isClosed()) {
                LOG.warn("{}: DTLS-SRTP handshake failed: {}", leg, error.getMessage());
            }
            if (ch != null) {
                ch.eventLoop().execute(() -> releaseEarlyMedia(ch, false));
            }
            return;
        }
        leg.setCrypto(SrtpMediaCrypto.receiver(keys.remote()), SrtpMediaCrypto.sender(keys.local()));
        InetSocketAddress p = peer;
        if (ch != null) {
            ch.eventLoop().execute(() -> {
                if (p != null && leg.latching() == Latching.LEARN) {
                    // the handshake proved the peer holds the signalled certificate: send media there
                    leg.latch(p, System.nanoTime());
                }
                releaseEarlyMedia(ch, true);
            });
        }
        LOG.debug("{}: DTLS-SRTP keys installed ({})", leg, keys.suite());
    }

    private static void releaseEarlyMedia(Channel ch, boolean keyed) {
        LegHandler h = ch.pipeline().get(LegHandler.class);
        if (h != null) {
            h.releaseEarlyMedia(keyed);
        }
    }

    /** Stops a handshake still in progress (leg removed). */
    @Override
    public void close() {
        endpoint.close();
    }
}
