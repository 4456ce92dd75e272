package io.meshrelay.relaycore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.relaycore.crypto.MediaCrypto;
import io.meshrelay.relaycore.crypto.SrtpMediaCrypto;
import io.meshrelay.relaycore.forward.Path;
import io.meshrelay.relaycore.forward.PathSet;
import io.meshrelay.relaycore.leg.Latching;
import io.meshrelay.relaycore.leg.Leg;
import io.meshrelay.relaycore.leg.LegSpec;
import io.meshrelay.relaycore.session.Session;
import io.meshrelay.relaycore.status.DropReason;
import io.meshrelay.relaycore.testing.Bursts;
import io.meshrelay.relaycore.testing.LinkEmulator;
import io.meshrelay.relaycore.testing.LinkEmulator.Impairment;
import io.meshrelay.relaycore.testing.RtpPeer;
import io.meshrelay.relaycore.testing.SrtpTransforms;
import io.meshrelay.relaycore.testing.TestNodes;
import io.meshrelay.srtp.SrtpKeyMaterial;
import io.meshrelay.srtp.SrtpSession;
import io.meshrelay.srtp.SrtpSuite;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SRTP legs and SRTP-protected mesh flows over real sockets. */
@Timeout(120)
class SrtpDataPlaneIT {
    private TestNodes nodes;
    private final List<AutoCloseable> closeables = new ArrayList<>();

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

    private RtpPeer peer() throws Exception {
        RtpPeer p = RtpPeer.open();
        closeables.add(p);
        return p;
    }

    private static InetSocketAddress local(Leg leg) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), leg.port());
    }

    /** An SDES leg: the participant sends with {@code theirs}, the relay sends to it with {@code ours}. */
    private static LegSpec sdes(String id, InetSocketAddress remote, SrtpKeyMaterial theirs, SrtpKeyMaterial ours) {
        return new LegSpec(id, remote, Latching.LEARN, SrtpMediaCrypto.receiver(theirs), SrtpMediaCrypto.sender(ours),
                null, null);
    }

    @Test
    @SuppressWarnings("try") // the resource is the scope: leak detection is off inside it
    void srtpLegsReProtectWithoutAllocatingPerPacketOnTheIoThread() throws Exception {
        try (AutoCloseable quiet = Bursts.leakDetectionOff()) {
            DataPlane n = nodes.startUnbudgeted(1);
            SrtpKeyMaterial aliceKey = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
            SrtpKeyMaterial toBob = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
            RtpPeer alice = peer();
            RtpPeer bob = peer();
            bob.onReceive(SrtpTransforms.unprotect(SrtpSession.receiver(toBob)));
            Session s = n.createSession("srtp-alloc");
            Leg a = n.addLeg(s, sdes("alice", alice.address(), aliceKey,
                    SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80)));
            n.addLeg(s, sdes("bob", bob.address(), SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80), toBob));
            Bursts.Allocation m = Bursts.forwardingAllocation(n, s, alice, local(a), bob,
                    () -> SrtpTransforms.protect(SrtpSession.sender(aliceKey)));
            assertTrue(m.delivered() >= 19_000, "bob decrypted " + m.delivered() + " of 20000");
            // unprotect, re-protect under bob's key and forward: nothing a packet; the allowance is the loop's timers
            assertTrue(m.bytes() < 16 * 1024, m.bytes() + " bytes allocated by the I/O thread for " + m.packets()
                    + " packets");
        }
    }

    @Test
    void twoSrtpLegsOnOneNodeReEncryptPerReceiver() throws Exception {
        DataPlane n = nodes.start(1);
        SrtpKeyMaterial aliceKey = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpKeyMaterial toAlice = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpKeyMaterial bobKey = SrtpKeyMaterial.generate(SrtpSuite.AEAD_AES_128_GCM);
        SrtpKeyMaterial toBob = SrtpKeyMaterial.generate(SrtpSuite.AEAD_AES_128_GCM);
        RtpPeer alice = peer();
        RtpPeer bob = peer();
        bob.onReceive(SrtpTransforms.unprotect(SrtpSession.receiver(toBob)));
        alice.onReceive(SrtpTransforms.unprotect(SrtpSession.receiver(toAlice)));
        Session s = n.createSession("srtp-call");
        Leg a = n.addLeg(s, sdes("alice", null, aliceKey, toAlice));
        Leg b = n.addLeg(s, sdes("bob", bob.address(), bobKey, toBob));

        alice.stream(local(a), 0xA1, 500, 300, 160, SrtpTransforms.protect(SrtpSession.sender(aliceKey))).await();
        assertTrue(bob.awaitUnique(0xA1, 300, 5000), "bob decrypted " + bob.received(0xA1).unique());
        bob.stream(local(b), 0xB1, 500, 300, 160, SrtpTransforms.protect(SrtpSession.sender(bobKey))).await();
        assertTrue(alice.awaitUnique(0xB1, 300, 5000), "alice decrypted " + alice.received(0xB1).unique());
        assertEquals(0, bob.rejected());
        assertEquals(0, alice.rejected());
    }

    @Test
    void bridgesPlainRtpAndSrtpLegs() throws Exception {
        DataPlane n = nodes.start(1);
        SrtpKeyMaterial theirs = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpKeyMaterial ours = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        RtpPeer plain = peer();
        RtpPeer secure = peer();
        secure.onReceive(SrtpTransforms.unprotect(SrtpSession.receiver(ours)));
        Session s = n.createSession("bridge");
        Leg p = n.addLeg(s, LegSpec.plain("plain", plain.address()));
        Leg sec = n.addLeg(s, sdes("secure", secure.address(), theirs, ours));

        plain.stream(local(p), 0x10, 500, 200).await();
        assertTrue(secure.awaitUnique(0x10, 200, 5000), "RTP in, SRTP out: " + secure.received(0x10).unique());
        secure.stream(local(sec), 0x20, 500, 200, 160, SrtpTransforms.protect(SrtpSession.sender(theirs))).await();
        assertTrue(plain.awaitUnique(0x20, 200, 5000), "SRTP in, RTP out: " + plain.received(0x20).unique());
        byte[] last = plain.received(0x20).last();
        assertEquals(12 + 160, last.length, "the plain side gets the payload without the SRTP tag");
    }

    @Test
    void dropsWrongKeyTamperedAndReplayedPacketsAndCountsThem() throws Exception {
        DataPlane n = nodes.start(1);
        SrtpKeyMaterial key = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        RtpPeer sender = peer();
        RtpPeer sink = peer();
        Session s = n.createSession("attack");
        Leg leg = n.addLeg(s, sdes("s", null, key, SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80)));
        n.addLeg(s, LegSpec.plain("sink", sink.address()));
        UnaryOperator<byte[]> good = SrtpTransforms.protect(SrtpSession.sender(key));
        UnaryOperator<byte[]> wrong = SrtpTransforms.protect(
                SrtpSession.sender(SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80)));
        byte[] first = good.apply(RtpPeer.rtp(7, 1, 160, 40));
        sender.send(local(leg), first);
        assertTrue(sink.awaitUnique(7, 1, 5000));
        sender.send(local(leg), first); // replayed
        sender.send(local(leg), wrong.apply(RtpPeer.rtp(7, 2, 320, 40))); // wrong key
        byte[] tampered = good.apply(RtpPeer.rtp(7, 3, 480, 40));
        tampered[15] ^= 0x40;
        sender.send(local(leg), tampered);
        sender.send(local(leg), good.apply(RtpPeer.rtp(7, 4, 640, 40)));
        assertTrue(sink.awaitUnique(7, 2, 5000));
        assertEquals(1, leg.drops(DropReason.REPLAY));
        assertEquals(2, leg.drops(DropReason.AUTH_FAIL));
        assertEquals(2, sink.received(7).packets(), "only the two genuine packets came through");
    }

    @Test
    void meshFlowStaysEncryptedAndSurvivesASwitchToAMuchShorterPath() throws Exception {
        DataPlane a = nodes.start(1);
        DataPlane b = nodes.start(2);
        DataPlane c = nodes.start(3);
        // direct link 120 ms one way, detour ~0: after the switch new-path packets overtake
        // ~120 old-path ones at 1,000 packets/s, twice SRTP's own replay window
        LinkEmulator slow = LinkEmulator.start(a.trunkAddress(), c.trunkAddress());
        closeables.add(slow);
        slow.setBoth(Impairment.delay(120));
        a.setPeer(3, slow.addressForA());
        SrtpKeyMaterial meshKey = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        RtpPeer pa = peer();
        RtpPeer pc = peer();
        Session sa = a.createSession("mesh");
        Session sc = c.createSession("mesh");
        sa.setMeshCrypto(SrtpMediaCrypto.sender(meshKey), SrtpMediaCrypto.meshReceiver(meshKey));
        sc.setMeshCrypto(SrtpMediaCrypto.sender(meshKey), SrtpMediaCrypto.meshReceiver(meshKey));
        Leg la = a.addLeg(sa, LegSpec.plain("pa", null));
        c.addLeg(sc, LegSpec.plain("pc", pc.address()));
        a.installPathSet(sa, 3, PathSet.single(1, new Path(1, 3)), 0);

        RtpPeer.Stream stream = pa.stream(local(la), 0x33, 1000, 3000);
        Thread.sleep(1000);
        a.installPathSet(sa, 3, PathSet.single(2, new Path(2, 2, 3)), 400_000_000L);
        stream.await();
        assertTrue(pc.awaitUnique(0x33, 3000, 5000), "missing " + pc.received(0x33).missing(3000));
        assertEquals(0, pc.received(0x33).duplicates());
        assertEquals(0, c.stats().drops().get(DropReason.REPLAY.label()));
        assertEquals(0, c.stats().drops().get(DropReason.AUTH_FAIL.label()));
        assertTrue(b.stats().framesTransit() > 1000);
        assertEquals(MediaCrypto.PLAIN, sa.legs()[0].inbound());
    }

    @Test
    void meshFramesWithTheWrongSessionKeyAreRejectedAtTheEgress() throws Exception {
        DataPlane a = nodes.start(1);
        DataPlane c = nodes.start(3);
        RtpPeer pa = peer();
        RtpPeer pc = peer();
        Session sa = a.createSession("keys");
        Session sc = c.createSession("keys");
        SrtpKeyMaterial k1 = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpKeyMaterial k2 = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        sa.setMeshCrypto(SrtpMediaCrypto.sender(k1), SrtpMediaCrypto.meshReceiver(k1));
        sc.setMeshCrypto(SrtpMediaCrypto.sender(k2), SrtpMediaCrypto.meshReceiver(k2));
        Leg la = a.addLeg(sa, LegSpec.plain("pa", null));
        c.addLeg(sc, LegSpec.plain("pc", pc.address()));
        a.installPathSet(sa, 3, PathSet.single(1, new Path(1, 3)), 0);
        pa.stream(local(la), 0x44, 500, 100).await();
        Thread.sleep(500);
        assertEquals(0, pc.received(0x44).packets());
        assertEquals(100, c.stats().drops().get(DropReason.AUTH_FAIL.label()));
    }
}
