package io.meshrelay.bench.forward;

import io.meshrelay.bench.support.Packets;
import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.crypto.SrtpMediaCrypto;
import io.meshrelay.relaycore.forward.Forwarder;
import io.meshrelay.relaycore.forward.MeshState;
import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.frame.TrunkAuth;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegHandler;
import io.meshrelay.relaycore.session.Flow;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpStatus;
import io.meshrelay.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The forwarding decision of one packet, ns/op, through relay-core's real handler and forwarder:
 * {@link LegHandler} (first-byte demux, source check, SRTP unprotect, per-SSRC statistics) and
 * {@link Forwarder} (fan-out with SRTP re-protect, trunk frame build and seal, transit, egress
 * de-duplication and delivery), over Netty {@link EmbeddedChannel}s instead of sockets. Each op
 * fires one datagram into the pipeline, then drains and releases what was written, so the figure
 * is the relay's CPU per packet without the two syscalls; 1e9 / score bounds packets/s per core.
 *
 * <p>Allocation ({@code -prof gc}, B/op): the inbound {@link DatagramPacket} and its buffer are
 * reused (retained per op), so what remains is the relay's own allocation per packet. The house
 * rule allows exactly one {@link DatagramPacket} wrapper per datagram written; {@link
 * Route#WRAPPER} measures that wrapper alone, so "zero beyond the wrapper" is checkable as
 * {@code B/op(route) - B/op(WRAPPER) * datagramsOut(route) ~ 0}. SRTP inputs come from a ring of
 * 1024 pre-protected packets; at each wrap the receiving SRTP and de-duplication state for the
 * SSRC is reset (one small allocation per 1024 packets, ~0.1 B/op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=io.meshrelay.bench.support.IoThreadExecutor", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ForwardingBenchmark {
    private static final int RING = 1024;
    private static final int SELF = 5;
    private static final int NEXT = 7;
    private static final int INGRESS = 3;
    private static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;

    /** Which packet route through the node. */
    public enum Route {
        /** Plain RTP in on one leg, out on the session's other leg (issue 4's leg-to-leg case). */
        LEG_TO_LEG_PLAIN(1),
        /** SRTP in (participant A's key), re-protected with B's key: the SBC-style anchor. */
        LEG_TO_LEG_SRTP(1),
        /** Plain RTP from a leg into a trunk frame to a remote anchor (mesh payload plain). */
        LEG_TO_MESH_PLAIN(1),
        /** SRTP from a leg, unprotected, re-protected with the session's mesh key, framed and sealed. */
        LEG_TO_MESH_SRTP(1),
        /** A transit node: tag check, segment advance, same bytes to the next node. */
        TRANSIT(1),
        /** Egress: tag check, session lookup, de-duplication, delivery to a plain leg (mesh payload plain). */
        EGRESS_PLAIN(1),
        /** Egress with mesh SRTP unprotect and re-protect towards an SRTP leg. */
        EGRESS_SRTP(1),
        /** Baseline: allocate one DatagramPacket wrapper, the allocation the house rule allows per datagram. */
        WRAPPER(0);

        final int datagramsOut;

        Route(int datagramsOut) {
            this.datagramsOut = datagramsOut;
        }
    }

    @Param({"LEG_TO_LEG_PLAIN", "LEG_TO_LEG_SRTP", "LEG_TO_MESH_PLAIN", "LEG_TO_MESH_SRTP", "TRANSIT", "EGRESS_PLAIN",
        "EGRESS_SRTP", "WRAPPER"})
    public Route route;

    /** RTP payload bytes (12-byte header on top; 172-byte packets as relaybench sends at 160). */
    @Param({"160"})
    public int payload;

    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final InetSocketAddress senderAddr = new InetSocketAddress("127.0.0.1", 24000);
    private final InetSocketAddress localAddr = new InetSocketAddress("127.0.0.1", 40000);
    private final InetSocketAddress receiverAddr = new InetSocketAddress("127.0.0.1", 21000);
    private final InetSocketAddress nextHop = new InetSocketAddress("127.0.0.1", 7707);

    private EmbeddedChannel trunk;
    private EmbeddedChannel legInChannel;
    private EmbeddedChannel legOutChannel;
    /** Where this route's datagram leaves: the trunk or the other leg. */
    private EmbeddedChannel outChannel;
    private Forwarder forwarder;
    private Session session;
    private Leg legIn;
    private Leg legOut;
    private SrtpSession inboundSrtp;
    private ByteBuf inBuf;
    private DatagramPacket inPacket;
    private byte[][] ring;
    private int next;
    private long ops;

    @Setup(Level.Trial)
    public void setUp() {
        TrunkAuth auth = new TrunkAuth(1, Packets.key16(9));
        MeshState mesh = new MeshState(SELF, auth);
        mesh.setPeer(NEXT, nextHop);
        mesh.setPeer(INGRESS, new InetSocketAddress("127.0.0.1", 7703));
        trunk = new EmbeddedChannel();
        forwarder = new Forwarder(trunk.eventLoop(), mesh, alloc);
        forwarder.trunkChannel(trunk);
        session = new Session("bench-call", forwarder);
        mesh.putSession(session);

        boolean legSrtp = route == Route.LEG_TO_LEG_SRTP || route == Route.LEG_TO_MESH_SRTP || route == Route.EGRESS_SRTP;
        boolean meshSrtp = route == Route.LEG_TO_MESH_SRTP || route == Route.EGRESS_SRTP;
        SrtpKeyMaterial keyIn = SrtpKeyMaterial.generate(SUITE);
        SrtpKeyMaterial keyOut = SrtpKeyMaterial.generate(SUITE);
        SrtpKeyMaterial meshKey = SrtpKeyMaterial.generate(SUITE);
        MediaCrypto in = legSrtp ? SrtpMediaCrypto.receiver(keyIn) : MediaCrypto.PLAIN;
        MediaCrypto out = legSrtp ? SrtpMediaCrypto.sender(keyOut) : MediaCrypto.PLAIN;
        if (meshSrtp) {
            session.setMeshCrypto(SrtpMediaCrypto.sender(meshKey), SrtpMediaCrypto.meshReceiver(meshKey));
        }
        inboundSrtp = legSrtp ? ((SrtpMediaCrypto) in).session() : null;

        // leg 'in' receives the participant's packets; leg 'out' sends to the other participant
        legIn = new Leg("in", localAddr.getPort(), senderAddr, Latching.LEARN, in, MediaCrypto.PLAIN, null, null, 0, 1,
                TimeUnit.SECONDS.toNanos(2));
        legInChannel = new EmbeddedChannel(new LegHandler(legIn, session, forwarder, 1500));
        legIn.bindChannel(legInChannel);
        legOut = new Leg("out", 40002, receiverAddr, Latching.LEARN, MediaCrypto.PLAIN, out, null, null, 0, 1,
                TimeUnit.SECONDS.toNanos(2));
        legOutChannel = new EmbeddedChannel();
        legOut.bindChannel(legOutChannel);

        ring = new byte[RING][];
        switch (route) {
            case LEG_TO_LEG_PLAIN:
            case LEG_TO_LEG_SRTP:
                session.addLeg(legIn);
                session.addLeg(legOut);
                fillLegRing(legSrtp ? keyIn : null);
                break;
            case LEG_TO_MESH_PLAIN:
            case LEG_TO_MESH_SRTP:
                session.addLeg(legIn);
                session.addFlow(new Flow(NEXT, PathSet.single(1, new io.meshrelay.relaycore.forward.Path(1, NEXT))));
                fillLegRing(legSrtp ? keyIn : null);
                break;
            case TRANSIT:
                byte[] rtp = Packets.rtp(Packets.SSRC, 0, payload, 0);
                ring[0] = Packets.frame(auth, INGRESS, 0x77L, 1, new int[] {SELF, NEXT}, 0, rtp, rtp.length);
                break;
            case EGRESS_PLAIN:
            case EGRESS_SRTP:
                session.addLeg(legOut);
                SrtpSession meshSender = meshSrtp ? SrtpSession.sender(meshKey) : null;
                for (int i = 0; i < RING; i++) {
                    byte[] p = Packets.rtp(Packets.SSRC, i, payload, meshSrtp ? SUITE.rtpOverhead() : 0);
                    int len = p.length - (meshSrtp ? SUITE.rtpOverhead() : 0);
                    if (meshSrtp) {
                        check(meshSender.protectRtp(p, 0, len));
                        len = p.length;
                    }
                    ring[i] = Packets.frame(auth, INGRESS, session.wireId(), 1, new int[] {SELF}, 0, p, len);
                }
                break;
            case WRAPPER:
                ring[0] = Packets.rtp(Packets.SSRC, 0, payload, 0);
                break;
            default:
                throw new IllegalStateException(route.name());
        }
        outChannel = route == Route.TRANSIT || route.name().startsWith("LEG_TO_MESH") ? trunk : legOutChannel;
        inBuf = alloc.directBuffer(2048, 2048);
        inPacket = new DatagramPacket(inBuf, route == Route.TRANSIT || route.name().startsWith("EGRESS")
                ? new InetSocketAddress("127.0.0.1", 7700) : localAddr, senderAddr);
    }

    private void fillLegRing(SrtpKeyMaterial participantKey) {
        SrtpSession participant = participantKey == null ? null : SrtpSession.sender(participantKey);
        for (int i = 0; i < RING; i++) {
            int room = participant == null ? 0 : SUITE.rtpOverhead();
            byte[] p = Packets.rtp(Packets.SSRC, i, payload, room);
            if (participant != null) {
                check(participant.protectRtp(p, 0, p.length - room));
            }
            ring[i] = p;
        }
    }

    private static void check(SrtpStatus s) {
        if (s != SrtpStatus.OK) {
            throw new IllegalStateException("SRTP setup failed: " + s);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        drain(trunk);
        drain(legOutChannel);
        for (DropReason r : DropReason.values()) {
            long n = legIn.drops(r) + legOut.drops(r) + forwarder.drops(r);
            if (n > 0) {
                throw new IllegalStateException(route + ": " + n + " packets dropped as " + r.label()
                        + ": the benchmark measured a drop path");
            }
        }
        long out = route == Route.TRANSIT ? forwarder.counter(Forwarder.FRAMES_TRANSIT)
                : route.name().startsWith("LEG_TO_MESH") ? forwarder.counter(Forwarder.FRAMES_SENT)
                : legOut.counter(Leg.TX_PACKETS);
        if (route != Route.WRAPPER && out < ops) {
            throw new IllegalStateException(route + ": " + ops + " packets in, only " + out + " out");
        }
        inBuf.release();
        legInChannel.finishAndReleaseAll();
        legOutChannel.finishAndReleaseAll();
        trunk.finishAndReleaseAll();
    }

    @Benchmark
    public Object forward() {
        ops++;
        switch (route) {
            case WRAPPER:
                return new DatagramPacket(inBuf, nextHop);
            case TRANSIT:
                load(ring[0]);
                inBuf.retain();
                forwarder.onTrunk(inPacket);
                forwarder.flush();
                return drain(outChannel);
            case EGRESS_PLAIN:
            case EGRESS_SRTP:
                load(nextFromRing());
                inBuf.retain();
                forwarder.onTrunk(inPacket);
                forwarder.flush();
                return drain(outChannel);
            default:
                load(nextFromRing());
                inBuf.retain();
                legInChannel.pipeline().fireChannelRead(inPacket);
                legInChannel.pipeline().fireChannelReadComplete();
                return drain(outChannel);
        }
    }

    private byte[] nextFromRing() {
        byte[] p = ring[next];
        if (++next == RING) {
            next = 0;
        } else if (next == 1) {
            // a new pass over the ring replays sequence numbers: forget them, as for a new stream
            if (inboundSrtp != null) {
                inboundSrtp.removeSsrc(Packets.SSRC);
            }
            session.dedup().forget(Packets.SSRC);
        }
        return p;
    }

    private void load(byte[] p) {
        inBuf.setBytes(0, p);
        inBuf.setIndex(0, p.length);
    }

    /** Releases every datagram the channel was asked to send; returns how many. */
    private static int drain(EmbeddedChannel ch) {
        Queue<Object> q = ch.outboundMessages();
        int n = 0;
        for (Object m = q.poll(); m != null; m = q.poll()) {
            ReferenceCountUtil.release(m);
            n++;
        }
        return n;
    }
}
