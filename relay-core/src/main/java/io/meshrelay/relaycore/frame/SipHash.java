package io.meshrelay.relaycore.frame;

import io.netty.buffer.ByteBuf;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012), a keyed 64-bit PRF, computed straight over a
 * {@link ByteBuf} range without copying or allocating. Used as the trunk frame MAC: short
 * inputs, no JCE call overhead, no per-call garbage ({@code Mac.doFinal} allocates its result).
 */
public final class SipHash {
    private final long k0;
    private final long k1;

    /** {@code key} is 16 bytes, little-endian as in the reference implementation. */
    public SipHash(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("SipHash key must be 16 bytes, got " + key.length);
        }
        k0 = le(key, 0);
        k1 = le(key, 8);
    }

    private static long le(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[o + i] & 0xFF);
        }
        return v;
    }

    /** The tag of {@code len} bytes at {@code off}, with the byte at {@code skip} (absolute offset) read as zero. */
    public long hash(ByteBuf b, int off, int len, int skip) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = off + len;
        int blocksEnd = off + (len & ~7);
        int i = off;
        for (; i < blocksEnd; i += 8) {
            long m = b.getLongLE(i);
            if (skip >= i && skip < i + 8) {
                m &= ~(0xFFL << ((skip - i) * 8));
            }
            v3 ^= m;
            // two compression rounds
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long last = ((long) len) << 56;
        for (int j = 0; i < end; i++, j += 8) {
            long byteVal = i == skip ? 0 : b.getByte(i) & 0xFFL;
            last |= byteVal << j;
        }
        v3 ^= last;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
