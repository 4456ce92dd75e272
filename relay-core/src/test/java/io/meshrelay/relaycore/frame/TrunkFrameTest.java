package io.meshrelay.relaycore.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class TrunkFrameTest {
    private static final byte[] KEY = "0123456789abcdef".getBytes();

    private static ByteBuf frame(TrunkAuth auth, short[] segs, byte[] payload) {
        int total = TrunkFrame.headerLength(segs.length) + payload.length + TrunkFrame.TAG_LENGTH;
        ByteBuf b = Unpooled.buffer(total);
        TrunkFrame f = new TrunkFrame().wrap(b, 0, total);
        f.writeHeader(TrunkFrame.TYPE_RTP, TrunkFrame.FLAG_REDUNDANT, auth.currentKeyId(), 7, 0x1122334455667788L, 42, 3,
                segs, 0);
        b.setBytes(TrunkFrame.headerLength(segs.length), payload);
        b.writerIndex(total);
        auth.seal(b, 0, total);
        return b;
    }

    @Test
    void roundTripsEveryHeaderField() {
        TrunkAuth auth = new TrunkAuth(5, KEY);
        ByteBuf b = frame(auth, new short[] {3, 9, 12}, new byte[] {1, 2, 3, 4});
        TrunkFrame f = new TrunkFrame().wrap(b, 0, b.readableBytes());
        assertEquals(TrunkFrame.FrameCheck.OK, f.check());
        assertEquals(TrunkFrame.VERSION, f.version());
        assertEquals(TrunkFrame.TYPE_RTP, f.type());
        assertEquals(TrunkFrame.FLAG_REDUNDANT, f.flags());
        assertEquals(5, f.keyId());
        assertEquals(7, f.sourceNode());
        assertEquals(0x1122334455667788L, f.session());
        assertEquals(42, f.pathId());
        assertEquals(3, f.pathEpoch());
        assertEquals(3, f.segmentCount());
        assertEquals(12, f.segment(2));
        assertEquals(0, f.segmentIndex());
        assertEquals(4, f.payloadLength());
        assertEquals(3, b.getByte(f.payloadOffset() + 2));
        assertTrue(auth.verify(b, 0, b.readableBytes()));
    }

    @Test
    void transitHopKeepsTagValidWhenAdvancingSegment() {
        TrunkAuth auth = new TrunkAuth(1, KEY);
        ByteBuf b = frame(auth, new short[] {3, 9}, new byte[20]);
        TrunkFrame f = new TrunkFrame().wrap(b, 0, b.readableBytes());
        f.segmentIndex(1);
        assertTrue(auth.verify(b, 0, b.readableBytes()));
    }

    @Test
    void anyOtherChangedByteBreaksTheTag() {
        TrunkAuth auth = new TrunkAuth(1, KEY);
        ByteBuf good = frame(auth, new short[] {3, 9}, new byte[20]);
        for (int i = 0; i < good.readableBytes(); i++) {
            if (i == TrunkFrame.OFF_SEG_INDEX) {
                continue;
            }
            ByteBuf b = good.copy();
            b.setByte(i, b.getByte(i) ^ 0x01);
            assertFalse(auth.verify(b, 0, b.readableBytes()), "flipped byte " + i);
        }
    }

    @Test
    void previousKeyStillVerifiesDuringRotation() {
        byte[] next = "fedcba9876543210".getBytes();
        ByteBuf old = frame(new TrunkAuth(1, KEY), new short[] {3}, new byte[8]);
        TrunkAuth rotated = new TrunkAuth(2, next, 1, KEY);
        assertTrue(rotated.verify(old, 0, old.readableBytes()));
        assertFalse(new TrunkAuth(2, next).verify(old, 0, old.readableBytes()));
    }

    @Test
    void rejectsStructurallyBadFrames() {
        TrunkAuth auth = new TrunkAuth(1, KEY);
        ByteBuf b = frame(auth, new short[] {3, 9}, new byte[8]);
        TrunkFrame f = new TrunkFrame();
        assertEquals(TrunkFrame.FrameCheck.TRUNCATED, f.wrap(b, 0, 10).check());
        ByteBuf v = b.copy();
        v.setByte(0, (2 << 4) | TrunkFrame.TYPE_RTP);
        assertEquals(TrunkFrame.FrameCheck.BAD_VERSION, f.wrap(v, 0, v.readableBytes()).check());
        ByteBuf s = b.copy();
        s.setByte(4, 2); // index beyond the two segments
        assertEquals(TrunkFrame.FrameCheck.BAD_SEGMENTS, f.wrap(s, 0, s.readableBytes()).check());
        ByteBuf n = b.copy();
        n.setByte(3, 40); // segment count larger than the datagram
        assertEquals(TrunkFrame.FrameCheck.BAD_SEGMENTS, f.wrap(n, 0, n.readableBytes()).check());
        ByteBuf t = b.copy();
        t.setByte(0, (1 << 4) | 9);
        assertEquals(TrunkFrame.FrameCheck.BAD_TYPE, f.wrap(t, 0, t.readableBytes()).check());
    }
}
