package io.meshrelay.relaycore.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class StunTest {
    private static final byte[] TXID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    /** A Binding Request, optionally with USERNAME and MESSAGE-INTEGRITY keyed by {@code password}. */
    static ByteBuf request(String username, String password) {
        ByteBuffer b = ByteBuffer.allocate(200);
        b.putShort((short) 0x0001).putShort((short) 0).putInt(Stun.MAGIC_COOKIE).put(TXID);
        if (username != null) {
            byte[] u = username.getBytes(StandardCharsets.UTF_8);
            b.putShort((short) 0x0006).putShort((short) u.length).put(u);
            while (b.position() % 4 != 0) {
                b.put((byte) 0);
            }
        }
        if (password != null) {
            int lenWithMi = b.position() - 20 + 24;
            b.putShort(2, (short) lenWithMi);
            byte[] msg = java.util.Arrays.copyOf(b.array(), b.position());
            byte[] mac = Stun.hmacSha1(password, msg);
            b.putShort((short) 0x0008).putShort((short) 20).put(mac);
        }
        b.putShort(2, (short) (b.position() - 20));
        return Unpooled.wrappedBuffer(java.util.Arrays.copyOf(b.array(), b.position()));
    }

    @Test
    void answersPlainBindingRequestWithXorMappedAddressAndFingerprint() throws Exception {
        ByteBuf req = request(null, null);
        assertEquals(Stun.Verdict.ANSWER, Stun.check(req, 0, req.readableBytes(), null, null));
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("192.0.2.33"), 50123);
        ByteBuf res = Stun.answer(ByteBufAllocator.DEFAULT, req, 0, from, null);
        byte[] r = new byte[res.readableBytes()];
        res.getBytes(0, r);
        ByteBuffer bb = ByteBuffer.wrap(r);
        assertEquals(0x0101, bb.getShort(0) & 0xFFFF);
        assertEquals(r.length - 20, bb.getShort(2) & 0xFFFF);
        assertArrayEquals(TXID, java.util.Arrays.copyOfRange(r, 8, 20));
        // XOR-MAPPED-ADDRESS decodes back to the sender (RFC 5389 §15.2)
        assertEquals(0x0020, bb.getShort(20));
        int port = (bb.getShort(26) & 0xFFFF) ^ (Stun.MAGIC_COOKIE >>> 16);
        int addr = bb.getInt(28) ^ Stun.MAGIC_COOKIE;
        assertEquals(50123, port);
        assertEquals(InetAddress.getByName("192.0.2.33"), InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(addr).array()));
        // FINGERPRINT is the CRC-32 of what precedes it, xored (§15.5)
        int fpAt = r.length - 8;
        assertEquals(0x8028, bb.getShort(fpAt) & 0xFFFF);
        CRC32 crc = new CRC32();
        crc.update(r, 0, fpAt);
        assertEquals((int) crc.getValue() ^ 0x5354554e, bb.getInt(fpAt + 4));
    }

    @Test
    void requiresValidIntegrityWhenLegHasIceCredentials() {
        ByteBuf good = request("relayufrag:peerufrag", "relaypassword");
        assertEquals(Stun.Verdict.ANSWER, Stun.check(good, 0, good.readableBytes(), "relayufrag", "relaypassword"));
        ByteBuf wrongPwd = request("relayufrag:peerufrag", "guess");
        assertEquals(Stun.Verdict.UNAUTHORIZED,
                Stun.check(wrongPwd, 0, wrongPwd.readableBytes(), "relayufrag", "relaypassword"));
        ByteBuf wrongUser = request("other:peerufrag", "relaypassword");
        assertEquals(Stun.Verdict.UNAUTHORIZED,
                Stun.check(wrongUser, 0, wrongUser.readableBytes(), "relayufrag", "relaypassword"));
        ByteBuf none = request(null, null);
        assertEquals(Stun.Verdict.UNAUTHORIZED, Stun.check(none, 0, none.readableBytes(), "relayufrag", "relaypassword"));
    }

    @Test
    void signedAnswerCarriesVerifiableIntegrity() throws Exception {
        ByteBuf req = request("u:p", "pw");
        ByteBuf res = Stun.answer(ByteBufAllocator.DEFAULT, req, 0,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1000), "pw");
        byte[] r = new byte[res.readableBytes()];
        res.getBytes(0, r);
        int miAt = r.length - 8 - 24;
        assertEquals(0x0008, ByteBuffer.wrap(r).getShort(miAt));
        byte[] signed = java.util.Arrays.copyOf(r, miAt);
        ByteBuffer.wrap(signed).putShort(2, (short) (miAt - 20 + 24));
        assertArrayEquals(Stun.hmacSha1("pw", signed), java.util.Arrays.copyOfRange(r, miAt + 4, miAt + 24));
    }

    @Test
    void rejectsMalformedMessages() {
        ByteBuf req = request(null, null);
        ByteBuf badCookie = req.copy();
        badCookie.setInt(4, 0x12345678);
        assertEquals(Stun.Verdict.MALFORMED, Stun.check(badCookie, 0, badCookie.readableBytes(), null, null));
        ByteBuf badLength = req.copy();
        badLength.setShort(2, 8);
        assertEquals(Stun.Verdict.MALFORMED, Stun.check(badLength, 0, badLength.readableBytes(), null, null));
        assertEquals(Stun.Verdict.MALFORMED, Stun.check(req, 0, 12, null, null));
    }
}
