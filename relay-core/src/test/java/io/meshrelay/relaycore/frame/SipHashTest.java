package io.meshrelay.relaycore.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class SipHashTest {
    private static final byte[] KEY = new byte[16];

    static {
        for (int i = 0; i < 16; i++) {
            KEY[i] = (byte) i;
        }
    }

    private static ByteBuf message(int len) {
        ByteBuf b = Unpooled.directBuffer(len + 3);
        b.writeZero(3); // not at offset 0, to prove offsets are honoured
        for (int i = 0; i < len; i++) {
            b.writeByte(i);
        }
        return b;
    }

    @Test
    void matchesReferenceVectors() {
        // SipHash-2-4 reference: key 00..0f, message 00..(n-1) (Aumasson & Bernstein, vectors.h)
        SipHash h = new SipHash(KEY);
        assertEquals(0x726fdb47dd0e0e31L, h.hash(message(0), 3, 0, -1));
        assertEquals(0x74f839c593dc67fdL, h.hash(message(1), 3, 1, -1));
        assertEquals(0x93f5f5799a932462L, h.hash(message(8), 3, 8, -1));
        assertEquals(0xa129ca6149be45e5L, h.hash(message(15), 3, 15, -1));
        assertEquals(0x958a324ceb064572L, h.hash(message(63), 3, 63, -1));
    }

    @Test
    void skippedByteIsReadAsZero() {
        SipHash h = new SipHash(KEY);
        ByteBuf a = message(40);
        ByteBuf b = message(40);
        b.setByte(3 + 11, 0x5A);
        assertNotEquals(h.hash(a, 3, 40, -1), h.hash(b, 3, 40, -1));
        assertEquals(h.hash(a, 3, 40, 3 + 11), h.hash(b, 3, 40, 3 + 11));
        ByteBuf zeroed = message(40);
        zeroed.setByte(3 + 11, 0);
        assertEquals(h.hash(zeroed, 3, 40, -1), h.hash(a, 3, 40, 3 + 11));
    }
}
