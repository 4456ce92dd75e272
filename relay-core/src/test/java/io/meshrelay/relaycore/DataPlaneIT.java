package io.meshrelay.relaycore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.relaycore.forward.Forwarder;
import io.meshrelay.relaycore.forward.Path;
import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.frame.TrunkFrame;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegSnapshot;
import io.meshrelay.relaycore.leg.LegSpec;
import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.relaycore.testing.Bursts;
import io.meshrelay.relaycore.testing.LinkEmulator;
import io.meshrelay.relaycore.testing.LinkEmulator.Impairment;
import io.meshrelay.relaycore.testing.RtpPeer;
import io.meshrelay.relaycore.testing.TestNodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Data planes on loopback with real UDP sockets, driven through the programmatic API. */
@Timeout(120)
class DataPlaneIT {
    private static final long MS = 1_000_000L;
    private TestNodes nodes;
    private final java.util.List<AutoCloseable> closeables = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        nodes = new TestNodes();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        nodes.close();
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    private static InetSocketAddress local(Leg leg) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), leg.port());
    }

    @Test
    void twoPlainLegsOnOneNodeExchangeMediaBothWaysAfterLatching() throws Exception {
        DataPlane n = nodes.start(1);
        RtpPeer alice = closing(RtpPeer.open());
        RtpPeer bob = closing(RtpPeer.open());
        Session s = n.createSession("call-1");
        Leg a = n.addLeg(s, LegSpec.plain("alice", null));
        Leg b = n.addLeg(s, LegSpec.plain("bob", bob.address()));

        alice.stream(local(a), 0xA, 500, 200).await();
        assertTrue(bob.awaitUnique(0xA, 200, 5000), "bob got " + bob.received(0xA).unique());
        bob.stream(local(b), 0xB, 500, 200).await();
        assertTrue(alice.awaitUnique(0xB, 200, 5000), "alice got " + alice.received(0xB).unique());
        assertEquals(0, bob.received(0xA).duplicates());

        LegSnapshot snap = n.onSessionThread(s, a::snapshot);
        assertTrue(snap.latched());
        assertEquals(200, snap.rxPackets());
        assertEquals(1, snap.ssrcs().size());
        assertEquals(0, snap.ssrcs().get(0).lost());
    }

    @Test
    void rtcpIsRelayedOnTheMuxedPort() throws Exception {
        DataPlane n = nodes.start(1);
        RtpPeer alice = closing(RtpPeer.open());
        RtpPeer bob = closing(RtpPeer.open());
        Session s = n.createSession("rtcp");
        Leg a = n.addLeg(s, LegSpec.plain("alice", null));
        n.addLeg(s, LegSpec.plain("bob", bob.address()));
        alice.send(local(a), RtpPeer.rtcp(0x77));
        long deadline = System.currentTimeMillis() + 5000;
        while (bob.other().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, bob.other().size());
        assertEquals(201, bob.other().get(0)[1] & 0xFF);
    }

    @Test
    void mediaCrossesThreeNodesOnATwoHopPathBothWays() throws Exception {
        DataPlane a = nodes.start(1);
        DataPlane b = nodes.start(2);
        DataPlane c = nodes.start(3);
        RtpPeer pa = closing(RtpPeer.open());
        RtpPeer pc = closing(RtpPeer.open());
        Session sa = a.createSession("conf");
        Session sc = c.createSession("conf");
        Leg la = a.addLeg(sa, LegSpec.plain("pa", pa.address()));
        Leg lc = c.addLeg(sc, LegSpec.plain("pc", pc.address()));
        a.installPathSet(sa, 3, PathSet.single(1, new Path(1, 2, 3)), 0);
        c.installPathSet(sc, 1, PathSet.single(1, new Path(1, 2, 1)), 0);

        pa.stream(local(la), 0x1, 500, 500).await();
        pc.stream(local(lc), 0x3, 500, 500).await();
        assertTrue(pc.awaitUnique(0x1, 500, 5000), "pc got " + pc.received(0x1).unique());
        assertTrue(pa.awaitUnique(0x3, 500, 5000), "pa got " + pa.received(0x3).unique());
        assertEquals(0, pc.received(0x1).duplicates());
        assertEquals(1000, b.stats().framesTransit(), "every frame crossed B without B knowing the session");
        assertEquals(0, b.stats().sessions());
    }

    /** A --(direct, 40 ms)-- C and A -- B -- C (fast): the A->C flow moves mid-stream. */
    private final class Triangle {
        final DataPlane a;
        final DataPlane b;
        final DataPlane c;
        final LinkEmulator direct;
        final RtpPeer pa;
        final RtpPeer pc;
        final Session sa;
        final Leg la;

        Triangle(double directDelayMs) throws Exception {
            a = nodes.start(1);
            b = nodes.start(2);
            c = nodes.start(3);
            direct = closing(LinkEmulator.start(a.trunkAddress(), c.trunkAddress()));
            direct.setBoth(Impairment.delay(directDelayMs));
            a.setPeer(3, direct.addressForA());
            pa = closing(RtpPeer.open());
            pc = closing(RtpPeer.open());
            sa = a.createSession("conf");
            Session sc = c.createSession("conf");
            la = a.addLeg(sa, LegSpec.plain("pa", pa.address()));
            c.addLeg(sc, LegSpec.plain("pc", pc.address()));
        }

        long dropped(DataPlane n, DropReason r) {
            return n.stats().drops().get(r.label());
        }
    }

    @Test
    void switchesPathMidStreamWithoutLossOrDuplicates() throws Exception {
        Triangle t = new Triangle(40);
        Path direct = new Path(1, 3);
        Path viaB = new Path(2, 2, 3);
        t.a.installPathSet(t.sa, 3, PathSet.single(1, direct, viaB), 0);

        RtpPeer.Stream stream = t.pa.stream(local(t.la), 0x5, 1000, 3000);
        Thread.sleep(1000);
        t.a.installPathSet(t.sa, 3, PathSet.single(2, viaB, direct), 200 * MS); // make-before-break
        stream.await();
        assertTrue(t.pc.awaitUnique(0x5, 3000, 5000), "missing " + t.pc.received(0x5).missing(3000));
        assertEquals(0, t.pc.received(0x5).missing(3000));
        assertEquals(0, t.pc.received(0x5).duplicates());
        assertTrue(t.dropped(t.c, DropReason.DUPLICATE) > 0, "the overlap sent copies on both paths");
    }

    @Test
    void redundantModeLosesNothingWhenOnePathIsBlackholedMidStream() throws Exception {
        Triangle t = new Triangle(5);
        t.a.installPathSet(t.sa, 3, PathSet.redundant(1, new Path[] {new Path(1, 3), new Path(2, 2, 3)}), 0);

        RtpPeer.Stream stream = t.pa.stream(local(t.la), 0x6, 1000, 3000);
        Thread.sleep(1000);
        t.direct.setBoth(Impairment.blackholed());
        stream.await();
        assertTrue(t.pc.awaitUnique(0x6, 3000, 5000), "missing " + t.pc.received(0x6).missing(3000));
        assertEquals(0, t.pc.received(0x6).duplicates());
        assertTrue(t.direct.droppedAtoB() > 500);
    }

    @Test
    void fastRerouteBoundsLossToTheSignalDelay() throws Exception {
        Triangle t = new Triangle(5);
        t.a.installPathSet(t.sa, 3, PathSet.single(1, new Path(1, 3), new Path(2, 2, 3)), 0);

        RtpPeer.Stream stream = t.pa.stream(local(t.la), 0x7, 1000, 3000);
        Thread.sleep(1000);
        t.direct.setBoth(Impairment.blackholed());
        long blackholedAt = System.nanoTime();
        Thread.sleep(100); // the agent's detection time, stood in for here
        assertEquals(1, t.a.hopDown(1, 3));
        long signalMs = (System.nanoTime() - blackholedAt) / MS;
        stream.await();
        Thread.sleep(300);
        int missing = t.pc.received(0x7).missing(3000);
        assertTrue(missing > 0, "the blackhole did cost packets");
        // at 1,000 packets/s the loss is the signal delay in ms, plus scheduling slack on a shared machine
        assertTrue(missing <= signalMs + 100, "missing " + missing + " for a signal after " + signalMs + " ms");
        assertEquals(0, t.pc.received(0x7).duplicates());
    }

    @Test
    void badInputIsDroppedAndCountedWhileAnotherCallFlowsUntouched() throws Exception {
        DataPlane n = nodes.start(1);
        RtpPeer good1 = closing(RtpPeer.open());
        RtpPeer good2 = closing(RtpPeer.open());
        RtpPeer attacker = closing(RtpPeer.open());
        Session goodCall = n.createSession("good");
        Leg g1 = n.addLeg(goodCall, LegSpec.plain("g1", null));
        n.addLeg(goodCall, LegSpec.plain("g2", good2.address()));
        Session victim = n.createSession("victim");
        Leg strict = n.addLeg(victim, new LegSpec("v1", good1.address(), Latching.STRICT, MediaCrypto.PLAIN,
                MediaCrypto.PLAIN, null, null));
        RtpPeer.Stream stream = good1.stream(local(g1), 0x9, 1000, 2000);

        InetSocketAddress target = local(strict);
        attacker.send(target, new byte[] {(byte) 0x80, 0, 1}); // truncated RTP
        attacker.send(target, new byte[] {0x50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}); // not STUN/DTLS/RTP
        attacker.send(target, new byte[1600]); // oversized
        attacker.send(target, RtpPeer.rtp(1, 1, 1, 20)); // well-formed, wrong source for a strict leg
        byte[] stun = new byte[20];
        stun[1] = 1;
        attacker.send(target, stun); // STUN without the magic cookie

        // trunk: garbage, a frame with a bad tag, and a well-signed frame for an unknown session
        InetSocketAddress trunk = n.trunkAddress();
        attacker.send(trunk, new byte[] {1, 2, 3});
        attacker.send(trunk, trunkFrame(nodes.auth().currentKeyId(), 99L, 1, false));
        attacker.send(trunk, trunkFrame(nodes.auth().currentKeyId(), 99L, 1, true));
        attacker.send(trunk, trunkFrame(nodes.auth().currentKeyId(), 99L, 5, true)); // segment is not us

        stream.await();
        assertTrue(good2.awaitUnique(0x9, 2000, 5000), "missing " + good2.received(0x9).missing(2000));
        Thread.sleep(200);
        assertEquals(1, strict.drops(DropReason.TRUNCATED));
        assertEquals(1, strict.drops(DropReason.NOT_MEDIA));
        assertEquals(1, strict.drops(DropReason.OVERSIZED));
        assertEquals(1, strict.drops(DropReason.WRONG_SOURCE));
        assertEquals(1, strict.drops(DropReason.BAD_STUN));
        DataPlaneStats st = n.stats();
        assertEquals(1, st.drops().get(DropReason.TRUNCATED.label()) - 1, "trunk garbage counted as truncated");
        assertEquals(1, st.drops().get(DropReason.BAD_TAG.label()));
        assertEquals(1, st.drops().get(DropReason.UNKNOWN_SESSION.label()));
        assertEquals(1, st.drops().get(DropReason.MISROUTED.label()));
    }

    private byte[] trunkFrame(int keyId, long session, int segment, boolean sign) {
        short[] segs = {(short) segment};
        int total = TrunkFrame.headerLength(1) + 20 + TrunkFrame.TAG_LENGTH;
        ByteBuf b = Unpooled.buffer(total);
        new TrunkFrame().wrap(b, 0, total).writeHeader(TrunkFrame.TYPE_RTP, 0, keyId, 2, session, 1, 1, segs, 0);
        b.setBytes(TrunkFrame.headerLength(1), RtpPeer.rtp(5, 5, 5, 8));
        b.writerIndex(total);
        if (sign) {
            nodes.auth().seal(b, 0, total);
        }
        byte[] out = new byte[total];
        b.getBytes(0, out);
        return out;
    }

    @Test
    void floodOnOneLegDoesNotStarveAnotherCall() throws Exception {
        DataPlane n = nodes.start(1, 1, c -> c.withLegBudget(2_000, 200));
        RtpPeer flooder = closing(RtpPeer.open());
        RtpPeer sink = closing(RtpPeer.open());
        RtpPeer talker = closing(RtpPeer.open());
        RtpPeer listener = closing(RtpPeer.open());
        Session noisy = n.createSession("noisy");
        Leg f = n.addLeg(noisy, LegSpec.plain("flooder", null));
        n.addLeg(noisy, LegSpec.plain("sink", sink.address()));
        Session quiet = n.createSession("quiet");
        Leg t = n.addLeg(quiet, LegSpec.plain("talker", null));
        n.addLeg(quiet, LegSpec.plain("listener", listener.address()));

        RtpPeer.Stream flood = flooder.blast(local(f), 0xF1, 2_000_000);
        RtpPeer.Stream call = talker.stream(local(t), 0xC1, 1000, 2000);
        call.await();
        flood.stop();
        assertTrue(flood.sent() > 2 * 2_000 + 200, "the flood outran the budget: " + flood.sent() + " sent");
        assertTrue(listener.awaitUnique(0xC1, 2000, 5000), "missing " + listener.received(0xC1).missing(2000));
        assertTrue(f.drops(DropReason.RATE_LIMITED) > 0, "the flood hit the per-leg budget");
    }

    /** Loopback and wildcard binds: a connected socket on a wildcard port is re-hashed by the kernel. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1", "0.0.0.0"})
    void pinnedLegsSendFromTheLegPortAndStillHearNewSourcesStunAndRelatch(String bind) throws Exception {
        InetAddress address = InetAddress.getByName(bind);
        DataPlane n = nodes.start(1, 1, c -> c.withTransport(io.meshrelay.relaycore.transport.TransportKind.EPOLL)
                .withBind(address).withRelatchAfter(300 * MS));
        RtpPeer alice = closing(RtpPeer.open());
        RtpPeer bob = closing(RtpPeer.open());
        RtpPeer mallory = closing(RtpPeer.open());
        Session s = n.createSession("pinned");
        Leg a = n.addLeg(s, LegSpec.plain("alice", null));
        Leg b = n.addLeg(s, LegSpec.plain("bob", bob.address()));

        alice.stream(local(a), 0xA1, 500, 100).await();
        assertTrue(bob.awaitUnique(0xA1, 100, 5000), "bob got " + bob.received(0xA1).unique());
        awaitPinned(n, s, a, alice.address());
        awaitPinned(n, s, b, bob.address());
        alice.stream(local(a), 0xA2, 500, 200).await();
        assertTrue(bob.awaitUnique(0xA2, 200, 5000), "bob got " + bob.received(0xA2).unique());
        assertEquals(java.util.Set.of(local(b)), bob.senders(), "symmetric RTP: bob hears only his leg's port");

        // while alice is pinned and talking, another source still reaches the leg (its main socket)
        RtpPeer.Stream talk = alice.stream(local(a), 0xA3, 500, 500);
        mallory.stream(local(a), 0xE1, 500, 20).await();
        talk.await();
        long deadline = System.currentTimeMillis() + 5000;
        while (a.drops(DropReason.WRONG_SOURCE) < 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(20, a.drops(DropReason.WRONG_SOURCE), "mallory's packets counted, not lost in the kernel");
        assertEquals(0, bob.received(0xE1).packets());
        assertTrue(bob.awaitUnique(0xA3, 500, 5000), "bob got " + bob.received(0xA3).unique());

        // STUN from a new address is answered while pinned
        byte[] req = new byte[20];
        req[1] = 1;
        java.nio.ByteBuffer.wrap(req).putInt(4, 0x2112A442).putInt(8, 0x0A0B0C0D);
        mallory.send(local(a), req);
        deadline = System.currentTimeMillis() + 5000;
        while (mallory.other().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, mallory.other().size(), "STUN answered on the pinned leg's port");

        // alice falls silent; her new address (a NAT rebinding) takes over and gets pinned in turn
        Thread.sleep(400);
        RtpPeer alice2 = closing(RtpPeer.open());
        alice2.stream(local(a), 0xA4, 500, 300).await();
        assertTrue(bob.awaitUnique(0xA4, 300, 5000), "bob got " + bob.received(0xA4).unique());
        awaitPinned(n, s, a, alice2.address());
        bob.stream(local(b), 0xB1, 500, 100).await();
        assertTrue(alice2.awaitUnique(0xB1, 100, 5000), "alice's new address got " + alice2.received(0xB1).unique());
        assertEquals(0, alice.received(0xB1).packets(), "nothing to the old address");
        assertEquals(0, bob.received(0xA4).duplicates());
    }

    @Test
    void aLegWhosePinnedSocketClosesFallsBackToItsPortAndPinsAgain() throws Exception {
        DataPlane n = nodes.start(1, 1, c -> c.withTransport(io.meshrelay.relaycore.transport.TransportKind.EPOLL));
        RtpPeer alice = closing(RtpPeer.open());
        RtpPeer bob = closing(RtpPeer.open());
        Session s = n.createSession("repin");
        Leg a = n.addLeg(s, LegSpec.plain("alice", null));
        Leg b = n.addLeg(s, LegSpec.plain("bob", bob.address()));
        alice.stream(local(a), 0xC1, 500, 50).await();
        awaitPinned(n, s, b, bob.address());

        n.onSessionThread(s, () -> {
            b.pinned().close(); // as if the socket failed
            return null;
        });
        RtpPeer.Stream talk = alice.stream(local(a), 0xC2, 500, 1000);
        talk.await();
        assertTrue(bob.awaitUnique(0xC2, 1000, 5000), "bob got " + bob.received(0xC2).unique() + " of 1000");
        awaitPinned(n, s, b, bob.address());
        assertEquals(java.util.Set.of(local(b)), bob.senders());
        assertEquals(0, b.drops(DropReason.WRITE_FAILED));
    }

    @Test
    void manyPinnedLegsAtOnceDeliverEveryPacketAndCountEachSend() throws Exception {
        // eight pinned calls on one I/O thread at once: one epoll wake-up reports several legs'
        // sockets, each read one datagram at a time, and every send must leave and be counted
        DataPlane n = nodes.start(1, 1, c -> c.withTransport(io.meshrelay.relaycore.transport.TransportKind.EPOLL)
                .withLegBudget(0, 0));
        int calls = 8;
        int count = 1000;
        RtpPeer[] alices = new RtpPeer[calls];
        RtpPeer[] bobs = new RtpPeer[calls];
        Leg[] as = new Leg[calls];
        Leg[] bs = new Leg[calls];
        Session[] ss = new Session[calls];
        for (int i = 0; i < calls; i++) {
            alices[i] = closing(RtpPeer.open());
            bobs[i] = closing(RtpPeer.open());
            ss[i] = n.createSession("burst-" + i);
            as[i] = n.addLeg(ss[i], LegSpec.plain("alice", alices[i].address()));
            bs[i] = n.addLeg(ss[i], LegSpec.plain("bob", bobs[i].address()));
            awaitPinned(n, ss[i], as[i], alices[i].address());
            awaitPinned(n, ss[i], bs[i], bobs[i].address());
        }
        RtpPeer.Stream[] talk = new RtpPeer.Stream[calls];
        for (int i = 0; i < calls; i++) {
            talk[i] = alices[i].stream(local(as[i]), 0xE0 + i, 2000, count); // 16k packets/s in all
        }
        for (int i = 0; i < calls; i++) {
            talk[i].await();
        }
        for (int i = 0; i < calls; i++) {
            assertTrue(bobs[i].awaitUnique(0xE0 + i, count, 5000),
                    "call " + i + ": bob got " + bobs[i].received(0xE0 + i).unique() + " of " + count);
            assertEquals(0, bobs[i].received(0xE0 + i).duplicates());
            LegSnapshot snap = n.onSessionThread(ss[i], bs[i]::snapshot);
            assertEquals(count, snap.txPackets(), "call " + i + ": sends counted");
            assertEquals(0, bs[i].drops(DropReason.WRITE_FAILED));
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is the scope: leak detection is off inside it
    void pinnedLegsForwardWithoutAllocatingPerPacketOnTheIoThread() throws Exception {
        try (AutoCloseable quiet = Bursts.leakDetectionOff()) {
            DataPlane n = nodes.startUnbudgeted(1);
            RtpPeer alice = closing(RtpPeer.open());
            RtpPeer bob = closing(RtpPeer.open());
            Session s = n.createSession("alloc");
            Leg a = n.addLeg(s, LegSpec.plain("alice", alice.address()));
            Leg b = n.addLeg(s, LegSpec.plain("bob", bob.address()));
            awaitPinned(n, s, a, alice.address());
            awaitPinned(n, s, b, bob.address());
            Bursts.Allocation m = Bursts.forwardingAllocation(n, s, alice, local(a), bob, UnaryOperator::identity);
            assertTrue(m.delivered() >= 19_000, "bob got " + m.delivered() + " of 20000");
            // zero per packet; the allowance is for the loop's own timers over the second this takes
            assertTrue(m.bytes() < 16 * 1024, m.bytes() + " bytes allocated by the I/O thread for " + m.packets()
                    + " packets (" + (double) m.bytes() / m.packets() + " a packet)");
        }
    }

    private static void awaitPinned(DataPlane n, Session s, Leg leg, InetSocketAddress remote) throws Exception {
        String want = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        long deadline = System.currentTimeMillis() + 5000;
        LegSnapshot snap = n.onSessionThread(s, leg::snapshot);
        while (!(snap.pinned() && want.equals(snap.remote())) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            snap = n.onSessionThread(s, leg::snapshot);
        }
        assertTrue(snap.pinned() && want.equals(snap.remote()), leg + " not pinned to " + want + ": " + snap);
    }

    @Test
    void answersStunBindingRequestsOnLegPorts() throws Exception {
        DataPlane n = nodes.start(1);
        RtpPeer p = closing(RtpPeer.open());
        Session s = n.createSession("stun");
        Leg leg = n.addLeg(s, LegSpec.plain("p", null));
        byte[] req = new byte[20];
        req[1] = 1;
        java.nio.ByteBuffer.wrap(req).putInt(4, 0x2112A442).putInt(8, 0x01020304);
        p.send(local(leg), req);
        long deadline = System.currentTimeMillis() + 5000;
        while (p.other().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, p.other().size());
        byte[] res = p.other().get(0);
        assertEquals(0x0101, java.nio.ByteBuffer.wrap(res).getShort(0));
        int mappedPort = (java.nio.ByteBuffer.wrap(res).getShort(26) & 0xFFFF) ^ 0x2112;
        assertEquals(p.address().getPort(), mappedPort);
    }

    @Test
    void sessionsOnSeveralIoThreadsReceiveFramesFromAnyTrunkSocket() throws Exception {
        DataPlane a = nodes.start(1, 2);
        DataPlane c = nodes.start(3, 2);
        int calls = 6;
        RtpPeer[] senders = new RtpPeer[calls];
        RtpPeer[] receivers = new RtpPeer[calls];
        RtpPeer.Stream[] streams = new RtpPeer.Stream[calls];
        for (int i = 0; i < calls; i++) {
            senders[i] = closing(RtpPeer.open());
            receivers[i] = closing(RtpPeer.open());
            Session sa = a.createSession("multi-" + i);
            Session sc = c.createSession("multi-" + i);
            Leg la = a.addLeg(sa, LegSpec.plain("s", null));
            c.addLeg(sc, LegSpec.plain("r", receivers[i].address()));
            a.installPathSet(sa, 3, PathSet.single(1, new Path(1, 3)), 0);
            streams[i] = senders[i].stream(local(la), 0x100 + i, 500, 500);
        }
        for (int i = 0; i < calls; i++) {
            streams[i].await();
            assertTrue(receivers[i].awaitUnique(0x100 + i, 500, 5000),
                    "call " + i + " missing " + receivers[i].received(0x100 + i).missing(500) + "; A " + a.stats()
                            + "; C " + c.stats());
        }
        assertEquals(0, c.stats().drops().get(DropReason.HANDOFF_FULL.label()));
    }

    @Test
    void probesAreAnsweredWithThePeersReceiveTime() throws Exception {
        DataPlane a = nodes.start(1);
        nodes.start(2);
        java.util.concurrent.LinkedBlockingQueue<long[]> replies = new java.util.concurrent.LinkedBlockingQueue<>();
        a.setProbeListener((peer, seq, sentNs, peerRxNs, rxNs, size, trainId, idx, len) ->
                replies.add(new long[] {peer, seq, sentNs, rxNs, size, trainId, idx, len}));
        assertTrue(a.sendProbes(2, 100, 5, 1200, 7));
        for (int i = 0; i < 5; i++) {
            long[] r = replies.poll(5, TimeUnit.SECONDS);
            assertEquals(2, r[0]);
            assertEquals(100 + i, r[1]);
            assertTrue(r[3] >= r[2], "answer after the probe");
            assertEquals(1200, r[4], "probe frames have the asked size");
            assertEquals(7, r[5]);
            assertEquals(i, r[6]);
            assertEquals(5, r[7]);
        }
        assertTrue(!a.sendProbes(42, 1, 1, 100, 0), "unknown peer");
    }

    @Test
    void removingALegFreesItsPortAndStopsDelivery() throws Exception {
        DataPlane n = nodes.start(1);
        RtpPeer alice = closing(RtpPeer.open());
        RtpPeer bob = closing(RtpPeer.open());
        Session s = n.createSession("bye");
        Leg a = n.addLeg(s, LegSpec.plain("alice", null));
        Leg b = n.addLeg(s, LegSpec.plain("bob", bob.address()));
        n.removeLeg(s, b);
        alice.stream(local(a), 0xD, 500, 100).await();
        Thread.sleep(300);
        assertEquals(0, bob.received(0xD).packets());
        assertTrue(n.removeSession("bye"));
        assertEquals(0, n.stats().legs());
        assertEquals(0, n.stats().sessions());
        assertEquals(Forwarder.class, s.loop().getClass());
    }
}
