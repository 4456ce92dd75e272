package io.meshrelay.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SrtpSession behaviour: round trips, rejections and their counters, ROC and replay per RFC 3711. */
class SrtpSessionTest {
    private static final int SSRC = 0xCAFEF00D;

    private static byte[] protect(SrtpSession sender, int seq, int payload) {
        byte[] p = RtpPackets.rtp(seq, SSRC, payload, 16);
        assertEquals(SrtpStatus.OK, sender.protectRtp(p, 0, payload + 12));
        return Arrays.copyOf(p, payload + 12 + sender.suite().rtpOverhead());
    }

    private static SrtpStatus unprotect(SrtpSession receiver, byte[] srtp) {
        return receiver.unprotectRtp(srtp.clone(), 0, srtp.length);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void roundTripsRtpOnArraysHeapAndDirectBuffers(SrtpSuite suite) {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        for (int i = 0; i < 30; i++) {
            byte[] plain = RtpPackets.rtp(i, SSRC, 50 + i * 40, 0);
            ByteBuf buf = switch (i % 3) {
                case 0 -> Unpooled.buffer(2048);
                case 1 -> PooledByteBufAllocator.DEFAULT.directBuffer(2048);
                default -> Unpooled.wrappedBuffer(new byte[2100], 30, 2000).clear();
            };
            try {
                buf.writerIndex(i % 4).readerIndex(i % 4);
                buf.writeBytes(plain);
                assertEquals(SrtpStatus.OK, sender.protectRtp(buf));
                assertEquals(plain.length + suite.rtpOverhead(), buf.readableBytes());
                assertEquals(SrtpStatus.OK, receiver.unprotectRtp(buf));
                byte[] out = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), out);
                assertArrayEquals(plain, out);
            } finally {
                buf.release();
            }
        }
        assertEquals(30, sender.rtpCount(SrtpStatus.OK));
        assertEquals(30, receiver.rtpCount(SrtpStatus.OK));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void roundTripsRtcpOnArraysAndDirectBuffers(SrtpSuite suite) {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        byte[] plain = RtpPackets.rtcpReceiverReport(SSRC, 0);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(256);
        try {
            for (int i = 0; i < 5; i++) {
                buf.clear().writeBytes(plain);
                assertEquals(SrtpStatus.OK, sender.protectRtcp(buf));
                assertEquals(i, SrtcpPackets.srtcpIndex(buf, suite));
                assertEquals(true, SrtcpPackets.isEncrypted(buf, suite));
                assertEquals(SrtpStatus.OK, receiver.unprotectRtcp(buf));
                byte[] out = new byte[buf.readableBytes()];
                buf.getBytes(0, out);
                assertArrayEquals(plain, out);
            }
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void dropsTamperedPacketsWithoutTouchingThem(SrtpSuite suite) {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        byte[] srtp = protect(sender, 1000, 160);
        for (int bit = 0; bit < srtp.length * 8; bit += 7) {
            byte[] tampered = srtp.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] before = tampered.clone();
            SrtpStatus status = receiver.unprotectRtp(tampered, 0, tampered.length);
            // Flipping the version bits makes it malformed; anything else fails authentication.
            assertEquals(bit / 8 == 0 && bit % 8 >= 6 ? SrtpStatus.MALFORMED : SrtpStatus.AUTH_FAIL, status,
                    "bit " + bit);
            assertArrayEquals(before, tampered);
        }
        assertEquals(0, receiver.rtpSsrcCount());
        assertEquals(SrtpStatus.OK, unprotect(receiver, srtp));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rejectsTruncatedWrongKeyAndHeaderOverrunPackets(SrtpSuite suite) {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        byte[] srtp = protect(sender, 7, 160);
        assertEquals(SrtpStatus.AUTH_FAIL, receiver.unprotectRtp(srtp.clone(), 0, srtp.length - 1));
        assertEquals(SrtpStatus.MALFORMED, receiver.unprotectRtp(srtp.clone(), 0, 12 + suite.rtpOverhead() - 1));
        assertEquals(SrtpStatus.MALFORMED, receiver.unprotectRtp(srtp.clone(), 0, 3));
        byte[] overrun = srtp.clone();
        overrun[0] |= 0x0f; // 15 CSRCs: 72-byte header within a 12+160+tag packet is fine, so add an extension
        overrun[0] |= 0x10;
        overrun[12 + 60 + 2] = (byte) 0xff;
        overrun[12 + 60 + 3] = (byte) 0xff;
        assertEquals(SrtpStatus.MALFORMED, receiver.unprotectRtp(overrun, 0, overrun.length));
        SrtpSession stranger = SrtpSession.receiver(SrtpKeyMaterial.generate(suite));
        assertEquals(SrtpStatus.AUTH_FAIL, unprotect(stranger, srtp));
        assertEquals(SrtpStatus.OK, unprotect(receiver, srtp));
        assertEquals(1, receiver.rtpCount(SrtpStatus.AUTH_FAIL));
        assertEquals(3, receiver.rtpCount(SrtpStatus.MALFORMED));
        assertEquals(1, stranger.rtpCount(SrtpStatus.AUTH_FAIL));
    }

    @Test
    void rejectsReplayedPacketAndCountsIt() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        byte[] first = protect(sender, 10, 20);
        byte[] second = protect(sender, 11, 20);
        assertEquals(SrtpStatus.OK, unprotect(receiver, first));
        assertEquals(SrtpStatus.OK, unprotect(receiver, second));
        assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(receiver, first));
        assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(receiver, second));
        assertEquals(2, receiver.rtpCount(SrtpStatus.REPLAY_DUPLICATE));
    }

    @Test
    void receiverWithoutReplayCheckDeliversLatePacketsBeyondTheWindowButStillAuthenticates() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiverWithoutReplayCheck(keys);
        byte[][] packets = new byte[400][];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = protect(sender, 65_400 + i, 10); // crosses a sequence wrap
        }
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[0]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[300]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[100]), "200 behind: the caller's window decides");
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[399]));
        byte[] tampered = packets[250].clone();
        tampered[20] ^= 1;
        assertEquals(SrtpStatus.AUTH_FAIL, unprotect(receiver, tampered));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[250]));
    }

    @Test
    void acceptsReorderedPacketsInsideTheWindowAndRejectsOlderOnes() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(SrtpSuite.AEAD_AES_128_GCM);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        byte[][] packets = new byte[200][];
        for (int i = 0; i < packets.length; i++) {
            packets[i] = protect(sender, 100 + i, 10);
        }
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[0]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[150]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[150 - 63]));
        assertEquals(SrtpStatus.REPLAY_OLD, unprotect(receiver, packets[150 - 64]));
        assertEquals(SrtpStatus.REPLAY_OLD, unprotect(receiver, packets[1]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[149]));
        assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(receiver, packets[149]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[199]));
        assertEquals(SrtpStatus.OK, unprotect(receiver, packets[151]));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void estimatesRolloverAcrossSequenceWrapWithReorderingAndLoss(SrtpSuite suite) {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(suite);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        // Three wraps; the receiver gets them with pairs swapped across each wrap and a burst lost.
        int count = 3 * 65536 + 100;
        byte[] held = null;
        int start = 65000;
        for (int i = 0; i < count; i++) {
            int seq = (start + i) & 0xffff;
            byte[] p = protect(sender, seq, 8);
            if (seq == 65535) {
                held = p; // delivered after seq 0 of the next cycle
                continue;
            }
            if (seq > 1000 && seq < 31000) {
                continue; // a 30000-packet loss burst: still under half the sequence space
            }
            assertEquals(SrtpStatus.OK, unprotect(receiver, p), "seq " + seq + " cycle " + (start + i) / 65536);
            if (seq == 0 && held != null) {
                assertEquals(SrtpStatus.OK, unprotect(receiver, held), "late 65535");
                assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(receiver, held));
                held = null;
            }
        }
        assertEquals(0, receiver.rtpCount(SrtpStatus.AUTH_FAIL));
    }

    @Test
    void rejectsReplayedSrtcpByIndex() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        SrtpSession sender = SrtpSession.sender(keys);
        SrtpSession receiver = SrtpSession.receiver(keys);
        byte[][] packets = new byte[100][];
        for (int i = 0; i < packets.length; i++) {
            byte[] p = RtpPackets.rtcpReceiverReport(SSRC, 14);
            assertEquals(SrtpStatus.OK, sender.protectRtcp(p, 0, 32));
            packets[i] = p;
        }
        assertEquals(SrtpStatus.OK, receiver.unprotectRtcp(packets[90].clone(), 0, 46));
        assertEquals(SrtpStatus.REPLAY_DUPLICATE, receiver.unprotectRtcp(packets[90].clone(), 0, 46));
        assertEquals(SrtpStatus.OK, receiver.unprotectRtcp(packets[40].clone(), 0, 46));
        assertEquals(SrtpStatus.REPLAY_OLD, receiver.unprotectRtcp(packets[10].clone(), 0, 46));
        byte[] tampered = packets[95].clone();
        tampered[10] ^= 1;
        assertEquals(SrtpStatus.AUTH_FAIL, receiver.unprotectRtcp(tampered, 0, 46));
        assertEquals(SrtpStatus.MALFORMED, receiver.unprotectRtcp(packets[95].clone(), 0, 8 + 13));
        assertEquals(1, receiver.rtcpCount(SrtpStatus.REPLAY_DUPLICATE));
        assertEquals(1, receiver.rtcpCount(SrtpStatus.REPLAY_OLD));
        assertEquals(1, receiver.rtcpCount(SrtpStatus.AUTH_FAIL));
        assertEquals(-1, SrtcpPackets.srtcpIndex(Unpooled.wrappedBuffer(packets[1], 0, 20), keys.suite()));
        assertEquals(77, SrtcpPackets.srtcpIndex(Unpooled.wrappedBuffer(packets[77]), keys.suite()));
    }

    @Test
    void refusesToProtectWithoutRoomForTheTag() {
        SrtpSession sender = SrtpSession.sender(SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        ByteBuf full = Unpooled.buffer(40, 40).writeBytes(RtpPackets.rtp(1, SSRC, 28, 0));
        assertEquals(SrtpStatus.NO_SPACE, sender.protectRtp(full));
        assertEquals(40, full.readableBytes());
        assertEquals(SrtpStatus.NO_SPACE, sender.protectRtp(new byte[40], 0, 40));
        assertEquals(2, sender.rtpCount(SrtpStatus.NO_SPACE));
    }

    @Test
    void createsStateOnlyForAuthenticatedSsrcsAndEnforcesTheLimit() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        SrtpSession sender = SrtpSession.sender(keys, SrtpCryptoProvider.active(), 2);
        SrtpSession receiver = SrtpSession.receiver(keys, SrtpCryptoProvider.active(), 2);
        for (int ssrc = 1; ssrc <= 50; ssrc++) {
            byte[] forged = RtpPackets.rtp(5, ssrc, 40, 10);
            assertEquals(SrtpStatus.AUTH_FAIL, receiver.unprotectRtp(forged, 0, forged.length));
        }
        assertEquals(0, receiver.rtpSsrcCount());
        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            byte[] p = RtpPackets.rtp(5, ssrc, 40, 10);
            SrtpStatus status = sender.protectRtp(p, 0, 52);
            assertEquals(ssrc <= 2 ? SrtpStatus.OK : SrtpStatus.SSRC_LIMIT, status);
            if (status == SrtpStatus.OK) {
                assertEquals(SrtpStatus.OK, receiver.unprotectRtp(p, 0, 62));
            }
        }
        sender.removeSsrc(1);
        byte[] p = RtpPackets.rtp(6, 3, 40, 10);
        assertEquals(SrtpStatus.OK, sender.protectRtp(p, 0, 52));
        assertEquals(SrtpStatus.SSRC_LIMIT, receiver.unprotectRtp(p.clone(), 0, 62));
        receiver.removeSsrc(1);
        assertEquals(SrtpStatus.OK, receiver.unprotectRtp(p, 0, 62));
    }

    @Test
    void refusesTheWrongDirectionLoudly() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.generate(SrtpSuite.AEAD_AES_256_GCM);
        byte[] p = RtpPackets.rtp(1, SSRC, 20, 16);
        assertThrows(IllegalStateException.class, () -> SrtpSession.receiver(keys).protectRtp(p, 0, 32));
        assertThrows(IllegalStateException.class, () -> SrtpSession.sender(keys).unprotectRtp(p, 0, 48));
    }
}
